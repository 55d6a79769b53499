export { EnvironmentDashboard } from './EnvironmentDashboard';
export { ClusterPanel, QueuePanel, VideosPanel } from './panels';
