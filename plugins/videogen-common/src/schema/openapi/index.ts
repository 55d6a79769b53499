// The videogen HTTP API as its OpenAPI document gives it (generated; see
// scripts/openapi/generate.mjs). The types live in a namespace of their own:
// several share a name with the hand-written domain types of this package.
export { VideogenHttpClient } from './generated';
export * as VideogenHttp from './generated';
