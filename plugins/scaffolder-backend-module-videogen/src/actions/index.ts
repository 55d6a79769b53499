import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createEnvApplyAction } from './envApply';
import { createEnvDestroyAction } from './envDestroy';
import { createEnvPlanAction } from './envPlan';
import { createStateBootstrapAction } from './stateBootstrap';
import { createStateRemoveAction } from './stateRemove';

export { createEnvApplyAction } from './envApply';
export { createEnvDestroyAction } from './envDestroy';
export { createEnvPlanAction } from './envPlan';
export { createStateBootstrapAction } from './stateBootstrap';
export { createStateRemoveAction } from './stateRemove';

export type VideogenActionsOptions = {
  discovery: DiscoveryService;
  auth: AuthService;
};

/** Every scaffolder action of this module. */
export function createVideogenActions(options: VideogenActionsOptions) {
  return [
    createStateBootstrapAction(),
    createStateRemoveAction(),
    createEnvPlanAction(options),
    createEnvApplyAction(options),
    createEnvDestroyAction(options),
  ];
}
