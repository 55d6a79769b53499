/**
 * Scaffolder actions that provision, change and tear down video-generator
 * environments through the videogen run API.
 *
 * @packageDocumentation
 */

export { scaffolderModuleVideogen as default } from './module';
export * from './actions';
