export { QueueCard } from './QueueCard';
export type { QueueCardProps } from './QueueCard';
export { JobStateBars } from './JobStateBars';
