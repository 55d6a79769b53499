/**
 * The video-generator frontend plugin (legacy frontend system). The new
 * frontend system's plugin is exported from `./alpha`.
 *
 * @packageDocumentation
 */

export {
  videogenPlugin,
  VideogenPage,
  EntityVideoGeneratorContent,
  EntityVideogenClusterCard,
  EntityVideogenQueueCard,
  EntityVideogenVideosCard,
  EntityVideogenTerraformCard,
} from './plugin';
export * from './api';
export {
  environmentOf,
  isVideoGeneratorEntity,
  isVideoGeneratorEnvironmentEntity,
} from './filters';
export { usePolling } from './hooks/usePolling';
export type { PollingOptions, PollingState } from './hooks/usePolling';
