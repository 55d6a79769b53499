/** @public */
export type Stage =
  | 'fetch'
  | 'prepare'
  | 'narration'
  | 'render'
  | 'assemble'
  | 'publish';

/**
 * Progress as printed on stdout, one JSON object per line.
 *
 * @public
 */
export type ProgressEvent = {
  event: 'progress';
  stage: Stage;
  done?: number;
  total?: number;
};

/** @public */
export interface VideoResult {
  generatorVersion: string;
  durationSeconds: number;
  sizeBytes: number;
  /** Hex SHA-256 of video.mp4. */
  sha256: string;
  width: number;
  height: number;
  fps: number;
  scenes: number;
  posterSizeBytes: number;
  posterSha256: string;
  videoCodec: 'h264';
  audioCodec: 'aac';
}
