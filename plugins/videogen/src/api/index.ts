export * from './VideogenApi';
export * from './VideogenClient';
export { StorageUploadError } from './storageErrors';
