/**
 * Starts the hashing worker. Kept alone in this module because the
 * `new Worker(new URL(..., import.meta.url))` form is what webpack 5 (the
 * Backstage app's bundler) recognises to emit the worker as its own chunk,
 * and only the bundler needs to see it.
 */
export function createHashWorker(): Worker {
  return new Worker(new URL('./hashWorker.ts', import.meta.url), {
    name: 'videogen-sha256',
  });
}
