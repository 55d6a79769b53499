// This file is generated from
// plugins/videogen-backend/src/schema/openapi.yaml by scripts/openapi/generate.mjs.
// Do not edit it: change the document and run `yarn openapi:generate`.
export * from './VideogenHttpClient';
export * from './models';
