/** External programs, overridable for tests and unusual installs. */
export interface Tools {
  ffmpeg: string;
  ffprobe: string;
  espeak: string;
}

export function toolsFromEnv(env: NodeJS.ProcessEnv): Tools {
  return {
    ffmpeg: env.VIDEOGEN_FFMPEG?.trim() || 'ffmpeg',
    ffprobe: env.VIDEOGEN_FFPROBE?.trim() || 'ffprobe',
    espeak: env.VIDEOGEN_ESPEAK?.trim() || 'espeak-ng',
  };
}
