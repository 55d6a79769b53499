import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createVideogenActions } from './actions';

/**
 * Scaffolder module adding the video-generator actions.
 *
 * @public
 */
export const scaffolderModuleVideogen = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'videogen',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(...createVideogenActions({ discovery, auth }));
      },
    });
  },
});
