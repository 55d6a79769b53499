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
} from './plugin';
export * from './api';
export { isVideoGeneratorEntity } from './filters';
