export { VideosCard } from './VideosCard';
export type { VideosCardProps } from './VideosCard';
