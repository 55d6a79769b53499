import { LoggerService } from '@backstage/backend-plugin-api';
import { SecretScrubber } from '../terraform/output';

type Meta = Parameters<LoggerService['info']>[1];

/**
 * A logger that scrubs secrets from messages and metadata before passing
 * them on: errors the engine logs may quote Terraform's output, and the
 * backend's log is kept and shipped where the run log's scrubbing does
 * not reach.
 */
export function scrubbingLogger(
  logger: LoggerService,
  scrubber: SecretScrubber,
): LoggerService {
  const scrubMeta = (meta: Meta): Meta => {
    if (!(meta instanceof Error)) return scrubber.scrubValue(meta);
    const copy = new Error(scrubber.scrub(meta.message));
    copy.name = meta.name;
    copy.stack = meta.stack && scrubber.scrub(meta.stack);
    return copy;
  };
  return {
    error: (message, meta) =>
      logger.error(scrubber.scrub(message), scrubMeta(meta)),
    warn: (message, meta) =>
      logger.warn(scrubber.scrub(message), scrubMeta(meta)),
    info: (message, meta) =>
      logger.info(scrubber.scrub(message), scrubMeta(meta)),
    debug: (message, meta) =>
      logger.debug(scrubber.scrub(message), scrubMeta(meta)),
    child: meta =>
      scrubbingLogger(
        logger.child(scrubber.scrubValue(meta) as typeof meta),
        scrubber,
      ),
  };
}
