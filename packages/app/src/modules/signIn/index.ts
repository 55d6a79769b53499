import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { oidcAuthApi } from './oidcAuthApi';
import { signInPage } from './signInPage';

/** Sign-in: guest in local mode, OpenID Connect where configured. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [oidcAuthApi, signInPage],
});
