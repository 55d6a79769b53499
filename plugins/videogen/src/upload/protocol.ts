/** Messages between the page and the hashing worker (hashWorker.ts). */

/** Page → worker: hash this blob. */
export type HashRequest = { id: number; blob: Blob; sliceBytes?: number };

/** Worker → page. */
export type HashReply =
  | { id: number; type: 'progress'; loaded: number }
  | { id: number; type: 'done'; sha256: string }
  | { id: number; type: 'error'; message: string };
