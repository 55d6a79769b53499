export { VideoPlayerDialog } from './VideoPlayerDialog';
export type { VideoPlayerDialogProps } from './VideoPlayerDialog';
