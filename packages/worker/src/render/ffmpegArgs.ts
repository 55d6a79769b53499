import { CAPTIONS, ENCODING, PHOTO, POSTER, VIDEO } from './settings';
import { Motion, num, zoompanExpressions } from './motion';
import { PhotoType } from '../image/detect';

/**
 * Escapes a value for use as a filter option inside a filtergraph string.
 * ffmpeg unescapes twice: once when splitting the graph into filters
 * (`\ ' [ ] , ;`) and once when splitting a filter's options (`\ ' :`).
 * Only paths and numeric expressions go through here: caption text never
 * enters the graph (drawtext reads it from textfile=).
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, c => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, c => `\\${c}`);
}

const COMMON_INPUT = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'];
// No encoder version strings, creation times or source metadata in outputs.
const BITEXACT = [
  '-fflags',
  '+bitexact',
  '-map_metadata',
  '-1',
  '-map_chapters',
  '-1',
];
const BT709 = [
  '-colorspace',
  'bt709',
  '-color_primaries',
  'bt709',
  '-color_trc',
  'bt709',
  '-color_range',
  'tv',
];

export const DEMUXERS: Record<PhotoType, string> = {
  jpeg: 'jpeg_pipe',
  png: 'png_pipe',
  webp: 'webp_pipe',
};

export function probePhotoArgs(type: PhotoType, photoPath: string): string[] {
  return [
    '-v',
    'error',
    '-f',
    DEMUXERS[type],
    '-i',
    photoPath,
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'json',
  ];
}

export interface CanvasInput {
  type: PhotoType;
  photoPath: string;
  /** Size after orientation. */
  width: number;
  height: number;
  orientation: string[];
  outPath: string;
}

/**
 * One pass over the photo: upright it, flatten transparency onto a neutral
 * matte, and compose it "contained" over a blurred, darkened "cover" copy of
 * itself on the oversized canvas the scenes pan over. Written as raw YUV so
 * each scene reads it without decoding or converting.
 */
export function prepareCanvasArgs(input: CanvasInput): string[] {
  const { canvasWidth: cw, canvasHeight: ch } = VIDEO;
  const orient = input.orientation.length
    ? `${input.orientation.join(',')},`
    : '';
  const graph = [
    `[0:v]${orient}format=rgba[src]`,
    `color=c=${PHOTO.matteColor}:s=${input.width}x${input.height}:r=1,format=rgba[matte]`,
    `[matte][src]overlay=format=rgb:shortest=1,format=rgb24,split=2[a][b]`,
    `[a]scale=w=320:h=180:force_original_aspect_ratio=increase:flags=bicubic,crop=320:180,` +
      `gblur=sigma=8,colorchannelmixer=rr=0.55:gg=0.55:bb=0.55,` +
      `scale=${cw}:${ch}:flags=bicubic,format=rgb24[bg]`,
    `[b]scale=w=${cw}:h=${ch}:force_original_aspect_ratio=decrease:flags=lanczos,format=rgb24[fg]`,
    // Converted to BT.709 YUV once here: per-frame RGB->YUV conversion and
    // drawing on RGB frames cost more than the H.264 encode itself.
    `[bg][fg]overlay=x=(W-w)/2:y=(H-h)/2:format=rgb,scale=out_color_matrix=bt709:out_range=tv,format=yuv420p[out]`,
  ].join(';');
  return [
    ...COMMON_INPUT,
    // Some ffmpeg builds (5.1 included) turn JPEG EXIF orientation into a
    // display matrix and rotate by it, others do not: switched off so our own
    // EXIF reading is the single, version-independent source of truth.
    '-noautorotate',
    '-f',
    DEMUXERS[input.type],
    '-i',
    input.photoPath,
    '-filter_complex',
    graph,
    '-map',
    '[out]',
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'yuv420p',
    input.outPath,
  ];
}

export interface CaptionLine {
  /** drawtext textfile=, relative to the work directory. */
  file: string;
  /** Baseline, in frame pixels from the top. */
  baseline: number;
  /** Seconds from the segment start; undefined: the whole segment. */
  from?: number;
  to?: number;
}

export interface SegmentInput {
  canvasPath: string;
  motion: Motion;
  /** First frame of this segment within its scene, and the scene length. */
  offset: number;
  frames: number;
  sceneFrames: number;
  fontPath: string;
  /** Caption band height (0: no captions in this scene). */
  band: number;
  lines: CaptionLine[];
  outPath: string;
}

export function captionFilters(
  fontPath: string,
  band: number,
  lines: CaptionLine[],
): string[] {
  if (band <= 0) {
    return [];
  }
  const filters = [
    `drawbox=x=0:y=${VIDEO.height - band}:w=${VIDEO.width}:h=${band}:color=${
      CAPTIONS.bandColor
    }:t=fill`,
  ];
  for (const line of lines) {
    const options = [
      `fontfile=${escapeFilterValue(fontPath)}`,
      `textfile=${escapeFilterValue(line.file)}`,
      // %{...} in the script must stay literal text.
      'expansion=none',
      `fontsize=${CAPTIONS.fontSize}`,
      `fontcolor=${CAPTIONS.textColor}`,
      `borderw=${CAPTIONS.borderWidth}`,
      `bordercolor=${CAPTIONS.borderColor}`,
      'x=(w-text_w)/2',
      // drawtext's y is the top of the line's tallest glyph; subtracting the
      // ascent puts every line on a fixed baseline whatever its letters.
      `y=${line.baseline}-ascent`,
    ];
    if (line.from !== undefined && line.to !== undefined) {
      options.push(
        `enable=${escapeFilterValue(
          `gte(t,${num(line.from)})*lt(t,${num(line.to)})`,
        )}`,
      );
    }
    filters.push(`drawtext=${options.join(':')}`);
  }
  return filters;
}

export function videoEncodingArgs(): string[] {
  return [
    '-c:v',
    'libx264',
    '-preset',
    ENCODING.preset,
    '-crf',
    String(ENCODING.crf),
    '-profile:v',
    ENCODING.profile,
    '-pix_fmt',
    'yuv420p',
    '-threads',
    String(ENCODING.threads),
    '-g',
    String(ENCODING.keyint),
    '-flags:v',
    '+bitexact',
    ...BT709,
  ];
}

export function segmentArgs(input: SegmentInput): string[] {
  const zp = zoompanExpressions(input.motion, input.offset, input.sceneFrames);
  const chain = [
    `zoompan=z=${escapeFilterValue(zp.z)}:x=${escapeFilterValue(
      zp.x,
    )}:y=${escapeFilterValue(zp.y)}` +
      `:d=${input.frames}:s=${VIDEO.width}x${VIDEO.height}:fps=${VIDEO.fps}`,
    ...captionFilters(input.fontPath, input.band, input.lines),
    'format=yuv420p',
  ];
  return [
    ...COMMON_INPUT,
    '-filter_threads',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'yuv420p',
    '-s',
    `${VIDEO.canvasWidth}x${VIDEO.canvasHeight}`,
    '-i',
    input.canvasPath,
    '-filter_complex',
    `[0:v]${chain.join(',')}[v]`,
    '-map',
    '[v]',
    '-frames:v',
    String(input.frames),
    ...videoEncodingArgs(),
    '-an',
    ...BITEXACT,
    '-f',
    'mp4',
    input.outPath,
  ];
}

export function muxArgs(
  concatList: string,
  narrationPath: string,
  outPath: string,
): string[] {
  return [
    ...COMMON_INPUT,
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    concatList,
    '-f',
    'wav',
    '-i',
    narrationPath,
    '-map',
    '0:v:0',
    '-map',
    '1:a:0',
    '-c:v',
    'copy',
    '-c:a',
    'aac',
    '-aac_coder',
    ENCODING.aacCoder,
    '-b:a',
    ENCODING.audioBitrate,
    '-ar',
    String(ENCODING.audioRate),
    '-ac',
    '1',
    '-flags:a',
    '+bitexact',
    ...BITEXACT,
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    outPath,
  ];
}

export function posterArgs(
  segmentPath: string,
  atSeconds: number,
  outPath: string,
): string[] {
  return [
    ...COMMON_INPUT,
    '-ss',
    num(atSeconds),
    '-i',
    segmentPath,
    '-frames:v',
    '1',
    '-c:v',
    'mjpeg',
    '-q:v',
    String(POSTER.quality),
    '-pix_fmt',
    'yuvj420p',
    '-flags:v',
    '+bitexact',
    ...BITEXACT,
    '-f',
    'image2',
    '-update',
    '1',
    outPath,
  ];
}

export function probeMediaArgs(path: string): string[] {
  return [
    '-v',
    'error',
    '-show_entries',
    'format=duration:stream=codec_type,codec_name,width,height',
    '-of',
    'json',
    path,
  ];
}
