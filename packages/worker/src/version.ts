/**
 * Version of the generator's output format.
 *
 * The backend includes it in its dedupe key, so bump it whenever the bytes of
 * video.mp4, poster.jpg or result.json can change for the same inputs
 * (rendering, encoding parameters, text handling, tool versions in the image).
 *
 * @public
 */
export const GENERATOR_VERSION = '1.0.0';
