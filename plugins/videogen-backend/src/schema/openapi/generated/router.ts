// This file is generated from
// plugins/videogen-backend/src/schema/openapi.yaml by scripts/openapi/generate.mjs.
// Do not edit it: change the document and run `yarn openapi:generate`.
import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import type { VideogenHttp } from '@videogen/plugin-videogen-common';
import { spec } from './openapi';

/** Each operation's parameters, body and answer, keyed by method and path. */
export type EndpointMap = {
  '#get|/health': {
    response: {
      status: 'ok' | 'degraded';
      /**
       * What is missing (degraded only)
       */
      message?: string;
      /**
       * Every prerequisite check (degraded only)
       */
      checks?: Array<VideogenHttp.PrerequisiteCheck>;
    };
  };
  '#get|/limits': {
    response: VideogenHttp.UploadLimits;
  };
  '#get|/cookie': {
    response: {
      expiresAt: string;
    };
  };
  '#get|/videos': {
    query: {
      environment?: string;
      limit?: number;
    };
    response: {
      items: Array<VideogenHttp.Video>;
    };
  };
  '#post|/videos': {
    response: VideogenHttp.UploadVideoResponse;
  };
  '#post|/uploads': {
    body: VideogenHttp.StartUploadRequest;
    response:
      | VideogenHttp.UploadVideoResponse
      | VideogenHttp.StartUploadResponse;
  };
  '#post|/uploads/{uploadId}/complete': {
    path: {
      uploadId: string;
    };
    response: VideogenHttp.UploadVideoResponse;
  };
  '#get|/videos/{id}': {
    path: {
      id: string;
    };
    response: VideogenHttp.Video;
  };
  '#post|/videos/{id}/cancel': {
    path: {
      id: string;
    };
    response: VideogenHttp.Video;
  };
  '#get|/videos/{id}/content': {
    path: {
      id: string;
    };
  };
  '#get|/videos/{id}/poster': {
    path: {
      id: string;
    };
  };
  '#get|/environments/{name}/status': {
    path: {
      name: string;
    };
    response: VideogenHttp.EnvironmentStatusResponse;
  };
  '#get|/environments': {
    response: {
      items: Array<VideogenHttp.Environment>;
    };
  };
  '#post|/environments': {
    body: VideogenHttp.CreateEnvironmentRequest;
    response: VideogenHttp.Environment;
  };
  '#get|/environments/{name}': {
    path: {
      name: string;
    };
    response: VideogenHttp.Environment;
  };
  '#get|/environments/{name}/runs': {
    path: {
      name: string;
    };
    query: {
      limit?: number;
    };
    response: {
      items: Array<VideogenHttp.Run>;
    };
  };
  '#post|/environments/{name}/runs': {
    path: {
      name: string;
    };
    body: VideogenHttp.StartRunRequest;
    response: VideogenHttp.Run;
  };
  '#post|/environments/{name}/force-unlock': {
    path: {
      name: string;
    };
    body: {
      /**
       * The lockId of the run that failed on the lock
       */
      lockId: string;
    };
    response: {
      environment: string;
      lockId: string;
      message: string;
    };
  };
  '#get|/runs/{id}': {
    path: {
      id: string;
    };
    response: VideogenHttp.Run;
  };
  '#get|/runs/{id}/log': {
    path: {
      id: string;
    };
    query: {
      offset?: number;
      waitSeconds?: number;
    };
    response: VideogenHttp.RunLogChunk;
  };
  '#post|/runs/{id}/cancel': {
    path: {
      id: string;
    };
    response: VideogenHttp.Run;
  };
  '#post|/runs/{id}/approve': {
    path: {
      id: string;
    };
    response: VideogenHttp.Run;
  };
};

// The document's server is the plugin's mount point (/api/videogen); the plugin's router sees paths relative to it.
const routerSpec = { ...spec, servers: [{ url: '/' }] };

/**
 * A router that validates each request against the OpenAPI document before
 * any route of the plugin sees it; routes the document does not describe
 * pass through unvalidated.
 */
export const createOpenApiRouter = async (
  options?: Parameters<
    typeof createValidatedOpenApiRouterFromGeneratedEndpointMap
  >['1'],
) =>
  createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(
    routerSpec,
    options,
  );
