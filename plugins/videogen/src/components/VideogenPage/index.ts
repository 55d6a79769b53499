export { VideogenPage } from './VideogenPage';
