export { ClusterCard } from './ClusterCard';
export type { ClusterCardProps } from './ClusterCard';
