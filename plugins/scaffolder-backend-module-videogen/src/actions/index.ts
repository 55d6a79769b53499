import {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';

export type VideogenActionsOptions = {
  config: RootConfigService;
  discovery: DiscoveryService;
  auth: AuthService;
};

/**
 * Every scaffolder action of this module. The environment actions
 * (`videogen:env:plan|apply|destroy`) and the state actions
 * (`videogen:state:bootstrap|remove`) are added here as they land.
 */
export function createVideogenActions(_options: VideogenActionsOptions) {
  return [];
}
