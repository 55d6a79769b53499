export { Prerequisites } from './Prerequisites';
export type { PrerequisiteCheck } from './checks';
