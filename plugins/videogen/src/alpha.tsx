import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import MovieIcon from '@material-ui/icons/Movie';
import { VideogenClient, videogenApiRef } from './api';
import {
  isVideoGeneratorEntity,
  isVideoGeneratorEnvironmentEntity,
} from './filters';
import { rootRouteRef } from './routes';

const videogenApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: videogenApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        identityApi: identityApiRef,
      },
      factory: ({ discoveryApi, fetchApi, identityApi }) =>
        new VideogenClient({ discoveryApi, fetchApi, identityApi }),
    }),
});

const videogenPage = PageBlueprint.make({
  params: {
    path: '/videogen',
    title: 'Video generator',
    icon: <MovieIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The page renders its own Backstage Header (it is shared with the
    // legacy system); the plugin header would be a second one.
    noHeader: true,
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

const clusterCard = EntityCardBlueprint.make({
  name: 'cluster',
  params: {
    filter: isVideoGeneratorEnvironmentEntity,
    loader: () =>
      import('./components/EntityCards').then(m => <m.EntityClusterCard />),
  },
});

const queueCard = EntityCardBlueprint.make({
  name: 'queue',
  params: {
    filter: isVideoGeneratorEnvironmentEntity,
    loader: () =>
      import('./components/EntityCards').then(m => <m.EntityQueueCard />),
  },
});

const videosCard = EntityCardBlueprint.make({
  name: 'videos',
  params: {
    filter: isVideoGeneratorEnvironmentEntity,
    loader: () =>
      import('./components/EntityCards').then(m => <m.EntityVideosCard />),
  },
});

const terraformCard = EntityCardBlueprint.make({
  name: 'terraform',
  params: {
    filter: isVideoGeneratorEnvironmentEntity,
    loader: () =>
      import('./components/EntityCards').then(m => <m.EntityTerraformCard />),
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
  extensions: [
    videogenApi,
    videogenPage,
    videogenEntityContent,
    clusterCard,
    queueCard,
    videosCard,
    terraformCard,
  ],
});
