import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import MovieIcon from '@material-ui/icons/Movie';
import { VideogenClient, videogenApiRef } from './api';
import { isVideoGeneratorEntity } from './filters';
import { rootRouteRef } from './routes';

const videogenApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: videogenApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new VideogenClient({ discoveryApi, fetchApi }),
    }),
});

const videogenPage = PageBlueprint.make({
  params: {
    path: '/videogen',
    title: 'Video generator',
    icon: <MovieIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/VideogenPage').then(m => <m.VideogenPage />),
  },
});

const videogenEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/video-generator',
    title: 'Video generator',
    filter: isVideoGeneratorEntity,
    loader: () =>
      import('./components/EntityVideoGeneratorContent').then(m => (
        <m.EntityVideoGeneratorContent />
      )),
  },
});

/**
 * The video-generator plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'videogen',
  title: 'Video generator',
  icon: <MovieIcon />,
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [videogenApi, videogenPage, videogenEntityContent],
});
