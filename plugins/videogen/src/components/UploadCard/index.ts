export { UploadCard } from './UploadCard';
export type { UploadCardProps, UploadStatus } from './UploadCard';
export { UploadPanel } from './UploadPanel';
export type { UploadPanelProps } from './UploadPanel';
export {
  checkPhotoFile,
  checkPhotoPixels,
  inspectScript,
  photoType,
} from './validation';
