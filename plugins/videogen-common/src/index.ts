/**
 * Types, job states, permissions, annotations and API schemas shared by the
 * video-generator plugins.
 *
 * @packageDocumentation
 */

export * from './jobs';
export * from './permissions';
export * from './catalog';
export * from './script';
export * from './limits';
export * from './environments';
export * from './api';
export * from './videos';
export * from './schema/openapi';
export * from './signals';
