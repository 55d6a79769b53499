/**
 * The `videogen` backend plugin.
 *
 * @packageDocumentation
 */

export { videogenPlugin as default } from './plugin';
