export { BackendHealth } from './BackendHealth';
