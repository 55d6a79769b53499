export { hashBlobs } from './hashBlobs';
export type { HashBlobsOptions, HashProgress } from './hashBlobs';
export { HASH_SLICE_BYTES, sha256OfBlob } from './sha256';
