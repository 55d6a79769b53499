/**
 * Catalog module: video-generator environments (and their EKS clusters) as
 * `Resource` entities.
 *
 * @packageDocumentation
 */

export { catalogModuleVideogen as default } from './module';
export * from './provider';
