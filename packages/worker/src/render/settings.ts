/**
 * Everything that shapes the output bytes. Changing any value here changes
 * the video, so GENERATOR_VERSION must be bumped with it.
 */
export const VIDEO = {
  width: 1280,
  height: 720,
  fps: 25,
  /** The photo is composed on a canvas twice the frame size so the pan/zoom
   *  moves in half-pixel steps (zoompan crops at whole canvas pixels). */
  canvasWidth: 2560,
  canvasHeight: 1440,
  /** Longest encoded segment; longer scenes are split so both cores work
   *  even on a one-sentence script. Independent of the machine, so the
   *  segmentation (and the bytes) never depend on the core count. */
  maxSegmentFrames: 100,
};

export const ENCODING = {
  // Chosen by measurement, see bench/worker/RESULTS.md.
  preset: 'veryfast',
  crf: 23,
  profile: 'high',
  keyint: 250,
  // One x264 thread per segment: x264's output depends on its thread count,
  // so it must not follow the machine; parallelism comes from segments.
  threads: 1,
  // espeak-ng speaks at 22.05 kHz: resampling up adds bytes, not sound. The
  // "fast" AAC coder is a third of the default's CPU time, inaudible on TTS.
  audioBitrate: '64k',
  audioRate: 22050,
  aacCoder: 'fast',
};

export const CAPTIONS = {
  fontSize: 40,
  lineHeight: 54,
  maxLines: 3,
  /** Horizontal room for text: frame width minus margins. */
  maxWidth: 1280 - 2 * 100,
  bandPadding: 22,
  bandColor: 'black@0.5',
  textColor: 'white',
  borderColor: 'black@0.6',
  borderWidth: 2,
};

export const TIMING = {
  /** Silence before and after each sentence's narration. */
  leadIn: 0.3,
  tail: 0.5,
  minSceneSeconds: 1.6,
};

export const NARRATION = {
  /** espeak-ng words per minute; its default of 175 is hurried for stories. */
  speed: 150,
};

export const PHOTO = {
  /** Colour behind transparent areas of PNG/WebP photos. */
  matteColor: '0xC8C4BC',
  maxPixels: 100_000_000,
  maxSide: 16384,
};

export const LIMITS = {
  photoBytes: 50 * 1024 * 1024,
  scriptBytes: 100 * 1024,
  scenes: 200,
};

export const POSTER = {
  /** Seconds into the first scene; its caption and motion are under way. */
  atSeconds: 1.2,
  quality: 3,
};
