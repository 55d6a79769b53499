export { VideogenEnvironmentProvider } from './VideogenEnvironmentProvider';
export type { EnvironmentSource } from './VideogenEnvironmentProvider';
export { VideogenApiEnvironmentSource } from './VideogenApiEnvironmentSource';
export { environmentEntities, isPublished } from './environmentEntities';
