import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { readAllowedHosts } from './allowedHosts';
import { createHostCheckMiddleware } from './hostCheckMiddleware';

/**
 * The default root HTTP router, with the Host check in front of every
 * route (see {@link createHostCheckMiddleware}).
 */
export const rootHttpRouterWithHostCheck = rootHttpRouterServiceFactory({
  configure({ app, config, logger, applyDefaults }) {
    const allowedHosts = readAllowedHosts(config);
    logger.info(
      `Answering requests for hosts: ${[...allowedHosts].join(', ')}`,
    );
    app.use(createHostCheckMiddleware(allowedHosts));
    applyDefaults();
  },
});
