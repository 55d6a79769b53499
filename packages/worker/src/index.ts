/**
 * The video generator: turns a character photo and a script into a narrated
 * MP4. Used as a CLI (`videogen-worker render ...`) by the backend's local
 * queue and as the AWS Batch container entrypoint.
 *
 * @packageDocumentation
 */

export { GENERATOR_VERSION } from './version';
export { generateVideo } from './render/generate';
export type { GenerateVideoOptions } from './render/generate';
export type { ProgressEvent, Stage, VideoResult } from './progress';
export { runCli } from './cli';
export { findCaptionFont } from './font/findFont';
export type { CaptionFont } from './font/findFont';
export type { FontMetrics } from './font/ttf';
export {
  CancelledError,
  EXIT_CODES,
  InputError,
  ProcessingError,
  WorkerError,
} from './errors';
export type { WorkerErrorKind } from './errors';
export type { CliCommand } from './args';
export type { PhotoType } from './image/detect';
export type { FileLocation, Location, S3Location } from './uri';
