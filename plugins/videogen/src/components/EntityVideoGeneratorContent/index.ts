export { EntityVideoGeneratorContent } from './EntityVideoGeneratorContent';
