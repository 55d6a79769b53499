// This file is generated from
// plugins/videogen-backend/src/schema/openapi.yaml by scripts/openapi/generate.mjs.
// Do not edit it: change the document and run `yarn openapi:generate`.
export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'videogen',
    version: '0.1.0',
    description:
      'The HTTP API of the videogen backend plugin, mounted at /api/videogen. Every route except /health requires Backstage credentials. Errors use Backstage\'s error body: { "error": { "name": "...", "message": "..." } }.',
  },
  servers: [
    {
      url: '/api/videogen',
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'getHealth',
        summary:
          'Whether the plugin is up, reaches its database and finds its prerequisites',
        description:
          '`ok` when everything is in place. `degraded` (still 200: the API works) when the backend host lacks something the plugin runs: terraform, or in local mode ffmpeg, ffprobe, espeak-ng or the caption font; `checks` then lists every check, each failed one with what to install.',
        security: [],
        responses: {
          '200': {
            description: 'Healthy, or degraded by a missing prerequisite',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['status'],
                  properties: {
                    status: {
                      type: 'string',
                      enum: ['ok', 'degraded'],
                    },
                    message: {
                      type: 'string',
                      description: 'What is missing (degraded only)',
                    },
                    checks: {
                      type: 'array',
                      description: 'Every prerequisite check (degraded only)',
                      items: {
                        $ref: '#/components/schemas/PrerequisiteCheck',
                      },
                    },
                  },
                },
              },
            },
          },
          '503': {
            description: 'The plugin cannot reach its database',
          },
        },
      },
    },
    '/limits': {
      get: {
        operationId: 'getLimits',
        summary:
          'The upload limits the server enforces (the browser checks them too)',
        description: 'Any signed-in user or service.',
        responses: {
          '200': {
            description: 'The configured limits (videogen.limits)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UploadLimits',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/cookie': {
      get: {
        operationId: 'getUserCookie',
        summary:
          'Issue the Backstage user cookie for <video> and <img> elements',
        description:
          "Call with the user's bearer token; the answer sets the backstage-auth cookie that /videos/{id}/content and /videos/{id}/poster accept. (The standard /.backstage/auth/v1/cookie endpoint does the same.)",
        responses: {
          '200': {
            description: 'Cookie set',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['expiresAt'],
                  properties: {
                    expiresAt: {
                      type: 'string',
                      format: 'date-time',
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/videos': {
      post: {
        operationId: 'uploadVideo',
        summary:
          'Upload a photo and a script to generate a video (deduplicated)',
        description:
          'Permission videogen.video.create. multipart/form-data with the parts photo (a JPEG, PNG or WebP file), script (UTF-8 text, as a field or a file) and environment, in any order. The photo is streamed to storage while it is hashed; the script is normalised (NFC, line endings, trailing spaces) and hashed. The same photo and script in the same environment with the same generator version is answered with the existing video (200, deduplicated) without storing anything.',
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['photo', 'script', 'environment'],
                properties: {
                  photo: {
                    type: 'string',
                    format: 'binary',
                  },
                  script: {
                    type: 'string',
                  },
                  environment: {
                    type: 'string',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'Known already; the existing video (deduplicated is true)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UploadVideoResponse',
                },
              },
            },
          },
          '202': {
            description: 'Accepted; a job was queued',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UploadVideoResponse',
                },
              },
            },
          },
          '400': {
            description:
              'Missing fields; photo too many pixels, truncated or unreadable; script empty, too long, not UTF-8 or with control characters',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            description: 'Unknown environment',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '409': {
            description: 'The environment is not READY or is draining',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '413': {
            description:
              'The photo is larger than the limit (refused while streaming)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '415': {
            description:
              'The photo is not JPEG, PNG or WebP (by its magic bytes)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
        },
      },
      get: {
        operationId: 'listVideos',
        summary: 'Videos, newest first',
        description: 'Permission videogen.video.read.',
        parameters: [
          {
            name: 'environment',
            in: 'query',
            description: "Only this environment's videos (empty for all)",
            allowEmptyValue: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
              default: 50,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The videos',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Video',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/uploads': {
      post: {
        operationId: 'startUpload',
        summary: 'Start a direct upload (deduplicated before any byte is sent)',
        description:
          "Permission videogen.video.create. The browser sends the SHA-256, size and type of the photo and the SHA-256 and size of the script (the UTF-8 bytes of the script normalised as the server normalises it: NFC, LF line endings, no trailing spaces; a script hashed as typed is accepted too, and then recognised as a duplicate only when the upload completes). When that pair already has a video in the environment (not FAILED), the answer is 200 with the video and nothing is uploaded. Otherwise 201 with one URL per object (an S3 presigned PUT in aws mode, a signed URL of this backend's storage route in local mode), each good for one object, its declared bytes only, for a few minutes. Then PUT the bytes and call /uploads/{uploadId}/complete.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/StartUploadRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'Known already; the existing video (deduplicated is true)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UploadVideoResponse',
                },
              },
            },
          },
          '201': {
            description: 'Upload started; PUT the bytes to the URLs',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/StartUploadResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            description: 'Unknown environment',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '409': {
            description: 'The environment is not READY or is draining',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '413': {
            description:
              'The declared photo or script is larger than the limit',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '415': {
            description: 'The declared photo type is not JPEG, PNG or WebP',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '429': {
            description: 'The user already has their share of jobs queued',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
        },
      },
    },
    '/uploads/{uploadId}/complete': {
      parameters: [
        {
          $ref: '#/components/parameters/UploadId',
        },
      ],
      post: {
        operationId: 'completeUpload',
        summary: 'Check what arrived and queue the job',
        description:
          "Permission videogen.video.create, by the user who started the upload. The backend checks that both objects arrived with the declared size and SHA-256, reads the photo's header (magic bytes, pixel limit) and the script (the same rules as POST /videos), then creates the video and its job exactly as POST /videos does. Refused inputs are deleted.",
        responses: {
          '200': {
            description:
              'The pair got a video meanwhile (another upload won the race); the existing video, deduplicated is true',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UploadVideoResponse',
                },
              },
            },
          },
          '202': {
            description: 'Accepted; a job was queued',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UploadVideoResponse',
                },
              },
            },
          },
          '400': {
            description:
              'An object is missing or differs from its declared size or hash; the photo is truncated, unreadable or has too many pixels; the script breaks a rule',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            description: 'Unknown or expired upload',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '409': {
            description: 'The environment is not READY or is draining',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '415': {
            description:
              'The photo is not JPEG, PNG or WebP (by its magic bytes)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '429': {
            description: 'The user already has their share of jobs queued',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
        },
      },
    },
    '/videos/{id}': {
      parameters: [
        {
          $ref: '#/components/parameters/VideoId',
        },
      ],
      get: {
        operationId: 'getVideo',
        summary: 'One video and the state of its job',
        description: 'Permission videogen.video.read.',
        responses: {
          '200': {
            description: 'The video',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Video',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/videos/{id}/cancel': {
      parameters: [
        {
          $ref: '#/components/parameters/VideoId',
        },
      ],
      post: {
        operationId: 'cancelVideo',
        summary:
          'Cancel the video\'s job (it ends FAILED, "Cancelled by <user>")',
        description:
          "Permission videogen.video.create, and the video must be the caller's (created by them) unless they have videogen.video.admin. Local queue: the generator gets SIGTERM, then SIGKILL after a grace period. AWS: TerminateJob. Uploading the same pair again afterwards makes a new attempt (a new video).",
        responses: {
          '200': {
            description: 'The video, now FAILED',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Video',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            description: 'The job had already finished',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
        },
      },
    },
    '/videos/{id}/content': {
      parameters: [
        {
          $ref: '#/components/parameters/VideoId',
        },
      ],
      get: {
        operationId: 'getVideoContent',
        summary: 'Play the MP4',
        description:
          'Permission videogen.video.read; accepts the Backstage user cookie (see /cookie). Local storage: served with Range support (206, Accept-Ranges, 416; HEAD too). S3: 302 to a short-lived presigned URL (or the CloudFront URL).',
        security: [
          {
            backstage: [],
          },
          {
            backstageCookie: [],
          },
        ],
        parameters: [
          {
            name: 'Range',
            in: 'header',
            schema: {
              type: 'string',
              example: 'bytes=0-1048575',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The whole video',
            content: {
              'video/mp4': {
                schema: {
                  type: 'string',
                  format: 'binary',
                },
              },
            },
          },
          '206': {
            description: 'The requested range',
            content: {
              'video/mp4': {
                schema: {
                  type: 'string',
                  format: 'binary',
                },
              },
            },
          },
          '302': {
            description: 'Redirect to a presigned S3 or CloudFront URL',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            description: 'The video is not ready yet',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
          '416': {
            description: 'The range lies outside the video',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorBody',
                },
              },
            },
          },
        },
      },
    },
    '/videos/{id}/poster': {
      parameters: [
        {
          $ref: '#/components/parameters/VideoId',
        },
      ],
      get: {
        operationId: 'getVideoPoster',
        summary: 'The poster image (JPEG)',
        description: 'Like /videos/{id}/content, for poster.jpg.',
        security: [
          {
            backstage: [],
          },
          {
            backstageCookie: [],
          },
        ],
        responses: {
          '200': {
            description: 'The poster',
            content: {
              'image/jpeg': {
                schema: {
                  type: 'string',
                  format: 'binary',
                },
              },
            },
          },
          '302': {
            description: 'Redirect to a presigned S3 or CloudFront URL',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/environments/{name}/status': {
      parameters: [
        {
          $ref: '#/components/parameters/EnvironmentName',
        },
      ],
      get: {
        operationId: 'getEnvironmentStatus',
        summary:
          'Cluster, queue and video status of an environment, in one response',
        description:
          "Permission videogen.video.read. Local mode: the worker pool and the local queue. AWS: EKS, Batch and CloudFormation, each cached for a short TTL; a failing source sets its section's error and leaves the others intact.",
        responses: {
          '200': {
            description: 'The status',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EnvironmentStatusResponse',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/environments': {
      get: {
        operationId: 'listEnvironments',
        summary: 'List environments',
        description: 'Permission videogen.environment.read.',
        responses: {
          '200': {
            description: 'The environments, by name',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Environment',
                      },
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'createEnvironment',
        summary: 'Register a new environment (status NEW)',
        description:
          'Permission videogen.environment.create. Admin-only Terraform variables (principals, CIDRs, images, domains, security switches; see terraformVariables.ts in the common package) also need videogen.environment.variables.admin: 403 names the refused ones. The name of a DESTROYED environment can be used again (its run history stays).',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CreateEnvironmentRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Environment',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/environments/{name}': {
      parameters: [
        {
          $ref: '#/components/parameters/EnvironmentName',
        },
      ],
      get: {
        operationId: 'getEnvironment',
        summary: 'One environment',
        description: 'Permission videogen.environment.read.',
        responses: {
          '200': {
            description: 'The environment',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Environment',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/environments/{name}/runs': {
      parameters: [
        {
          $ref: '#/components/parameters/EnvironmentName',
        },
      ],
      get: {
        operationId: 'listRuns',
        summary: "The environment's Terraform runs, newest first",
        description: 'Permission videogen.environment.read.',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 200,
              default: 50,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Runs',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Run',
                      },
                    },
                  },
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'startRun',
        summary: 'Start a plan, apply or destroy',
        description:
          'Permission videogen.environment.create for plan and apply, videogen.environment.delete for destroy. One run per environment at a time: 409 names the run holding the environment (a run waiting for approval holds it too). Built-in environments cannot be destroyed (409).',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/StartRunRequest',
              },
            },
          },
        },
        responses: {
          '202': {
            description: 'The run, PENDING',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Run',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/environments/{name}/force-unlock': {
      parameters: [
        {
          $ref: '#/components/parameters/EnvironmentName',
        },
      ],
      post: {
        operationId: 'forceUnlock',
        summary: 'Release a Terraform state lock (terraform force-unlock)',
        description:
          'Permission videogen.environment.admin. Refused (409) while a Terraform process of the environment is running.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['lockId'],
                properties: {
                  lockId: {
                    type: 'string',
                    pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$',
                    description:
                      'The lockId of the run that failed on the lock',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Released',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['environment', 'lockId', 'message'],
                  properties: {
                    environment: {
                      type: 'string',
                    },
                    lockId: {
                      type: 'string',
                    },
                    message: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/runs/{id}': {
      parameters: [
        {
          $ref: '#/components/parameters/RunId',
        },
      ],
      get: {
        operationId: 'getRun',
        summary: 'One Terraform run',
        description: 'Permission videogen.environment.read.',
        responses: {
          '200': {
            description: 'The run',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Run',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/runs/{id}/log': {
      parameters: [
        {
          $ref: '#/components/parameters/RunId',
        },
      ],
      get: {
        operationId: 'getRunLog',
        summary: "The run's log from an offset (long-poll with waitSeconds)",
        description:
          'Permission videogen.environment.read. With waitSeconds, answers as soon as there is text past offset, when the run is finished, or after waitSeconds. Follow a run by passing nextOffset back until complete is true. Lines are stripped of ANSI colours and secrets; a log longer than videogen.terraform.maxLogBytes keeps its head and tail, with a note where the middle was dropped.',
        parameters: [
          {
            name: 'offset',
            in: 'query',
            description:
              'Character offset into the log, from a previous nextOffset; at most 2147483647 (a log is far shorter).',
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 2147483647,
              default: 0,
            },
          },
          {
            name: 'waitSeconds',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 25,
              default: 0,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A piece of the log',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RunLogChunk',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/runs/{id}/cancel': {
      parameters: [
        {
          $ref: '#/components/parameters/RunId',
        },
      ],
      post: {
        operationId: 'cancelRun',
        summary: 'Cancel a run',
        description:
          "One's own run: the permission of its operation (create, or delete for destroy); anyone else's: videogen.run.approve. A run waiting for approval ends CANCELLED at once; a running one gets exactly one SIGINT to its terraform process and ends CANCELLED once Terraform has stopped and saved its state.",
        responses: {
          '202': {
            description: 'The run (still RUNNING until Terraform has stopped)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Run',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/runs/{id}/approve': {
      parameters: [
        {
          $ref: '#/components/parameters/RunId',
        },
      ],
      post: {
        operationId: 'approveRun',
        summary: 'Approve a run waiting for approval; applies its saved plan',
        description:
          'Permission videogen.run.approve; never by the user who started the run (403, four eyes) unless videogen.approval.allowSelfApproval is set in local mode. Refused (409, and the run FAILED) when the environment changed after the plan was made.',
        responses: {
          '202': {
            description: 'The run, RUNNING',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Run',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      VideoId: {
        name: 'id',
        in: 'path',
        required: true,
        description: "The video's id (a UUID; any other value is answered 404)",
        schema: {
          type: 'string',
        },
      },
      EnvironmentName: {
        name: 'name',
        in: 'path',
        required: true,
        description:
          "The environment's name (a name that cannot exist is answered 404, like any unknown one)",
        schema: {
          type: 'string',
        },
      },
      UploadId: {
        name: 'uploadId',
        in: 'path',
        required: true,
        description:
          "The upload's id (a UUID; any other value is answered 404)",
        schema: {
          type: 'string',
        },
      },
      RunId: {
        name: 'id',
        in: 'path',
        required: true,
        description: "The run's id (a UUID; any other value is answered 404)",
        schema: {
          type: 'string',
        },
      },
    },
    responses: {
      Error: {
        description: 'An error, with a sentence for a person in error.message',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['error'],
              properties: {
                error: {
                  type: 'object',
                  required: ['name', 'message'],
                  properties: {
                    name: {
                      type: 'string',
                    },
                    message: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    schemas: {
      PrerequisiteCheck: {
        type: 'object',
        description: 'One program or file the plugin needs on the backend host',
        required: ['name', 'ok', 'message'],
        properties: {
          name: {
            type: 'string',
            description: 'terraform, ffmpeg, ffprobe, espeak-ng or font',
          },
          ok: {
            type: 'boolean',
          },
          message: {
            type: 'string',
            description: 'Where it was found, or what fails without it',
          },
          install: {
            type: 'string',
            description: 'What to install or configure (failed checks only)',
          },
        },
      },
      EnvironmentLifecycle: {
        type: 'string',
        enum: [
          'NEW',
          'PROVISIONING',
          'READY',
          'DESTROYING',
          'DESTROYED',
          'FAILED',
        ],
      },
      Variables: {
        type: 'object',
        description: 'Terraform input variables (non-secret)',
        additionalProperties: {
          oneOf: [
            {
              type: 'string',
            },
            {
              type: 'number',
            },
            {
              type: 'boolean',
            },
          ],
        },
      },
      Environment: {
        type: 'object',
        required: [
          'name',
          'target',
          'region',
          'variables',
          'requireApproval',
          'status',
          'outputs',
          'createdBy',
          'createdAt',
          'updatedAt',
        ],
        properties: {
          name: {
            type: 'string',
          },
          target: {
            type: 'string',
            enum: ['local', 'aws'],
          },
          region: {
            type: 'string',
            description: 'AWS region, or local',
          },
          variables: {
            $ref: '#/components/schemas/Variables',
          },
          requireApproval: {
            type: 'boolean',
          },
          stateBucket: {
            type: 'string',
            description:
              "S3 bucket (in the environment's region) of an aws environment's Terraform state, when not the backend's configured one",
          },
          builtIn: {
            type: 'boolean',
            description:
              "Declared in the backend's config (videogen.environments) rather than provisioned by a template: usable at once, published by the catalog module like the others (unless its builtInEnvironments is turned off), and never destroyed",
          },
          status: {
            $ref: '#/components/schemas/EnvironmentLifecycle',
          },
          outputs: {
            type: 'object',
            description:
              'terraform output -json values of the last successful apply (sensitive ones as "(sensitive)")',
          },
          lastRunId: {
            type: 'string',
          },
          drift: {
            type: 'object',
            required: ['drifted', 'checkedAt'],
            properties: {
              drifted: {
                type: 'boolean',
              },
              checkedAt: {
                type: 'string',
                format: 'date-time',
              },
              message: {
                type: 'string',
              },
            },
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      CreateEnvironmentRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'target'],
        properties: {
          name: {
            type: 'string',
            pattern: '^[a-z][a-z0-9-]{1,30}[a-z0-9]$',
          },
          target: {
            type: 'string',
            enum: ['local', 'aws'],
          },
          region: {
            type: 'string',
            description:
              'Required for aws (an AWS region name); local or absent for local',
          },
          variables: {
            $ref: '#/components/schemas/Variables',
          },
          requireApproval: {
            type: 'boolean',
            description: 'Default: true for aws, false for local',
          },
          stateBucket: {
            type: 'string',
            description:
              "aws only; the S3 bucket in the environment's region for its Terraform state (the bucketName output of videogen:state:bootstrap). Default videogen.terraform.stateBucket",
          },
        },
      },
      RunStatus: {
        type: 'string',
        enum: [
          'PENDING',
          'RUNNING',
          'AWAITING_APPROVAL',
          'SUCCEEDED',
          'FAILED',
          'CANCELLED',
          'INTERRUPTED',
        ],
      },
      PlanSummary: {
        type: 'object',
        required: ['add', 'change', 'destroy'],
        properties: {
          add: {
            type: 'integer',
          },
          change: {
            type: 'integer',
          },
          destroy: {
            type: 'integer',
          },
        },
      },
      Run: {
        type: 'object',
        required: [
          'id',
          'environment',
          'operation',
          'status',
          'requestedBy',
          'createdAt',
          'logSize',
        ],
        properties: {
          id: {
            type: 'string',
            format: 'uuid',
          },
          environment: {
            type: 'string',
          },
          operation: {
            type: 'string',
            enum: ['plan', 'apply', 'destroy'],
          },
          status: {
            $ref: '#/components/schemas/RunStatus',
          },
          requestedBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
          },
          planSummary: {
            $ref: '#/components/schemas/PlanSummary',
          },
          hasChanges: {
            type: 'boolean',
            description:
              'Whether the plan found changes (-detailed-exitcode 2)',
          },
          outputs: {
            type: 'object',
          },
          exitCode: {
            type: 'integer',
          },
          message: {
            type: 'string',
            description:
              'A sentence for a person: why the run failed, was cancelled or waits',
          },
          lockId: {
            type: 'string',
            description:
              "Terraform's state lock ID when the run failed on a held lock",
          },
          approvedBy: {
            type: 'string',
          },
          logSize: {
            type: 'integer',
            description: 'Size of the log so far, in characters',
          },
        },
      },
      StartRunRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['operation'],
        properties: {
          operation: {
            type: 'string',
            enum: ['plan', 'apply', 'destroy'],
          },
          drainTimeoutSeconds: {
            type: 'integer',
            minimum: 0,
            maximum: 3600,
            description:
              'destroy: how long to wait for running jobs after the queue is disabled',
          },
          terminateRunningJobs: {
            type: 'boolean',
            description:
              'destroy: terminate jobs still running when the drain timeout expires',
          },
        },
      },
      RunLogChunk: {
        type: 'object',
        required: [
          'runId',
          'offset',
          'nextOffset',
          'text',
          'complete',
          'status',
        ],
        properties: {
          runId: {
            type: 'string',
          },
          offset: {
            type: 'integer',
          },
          nextOffset: {
            type: 'integer',
          },
          text: {
            type: 'string',
          },
          complete: {
            type: 'boolean',
            description:
              'True once the run is finished and text reaches the end of the log',
          },
          status: {
            $ref: '#/components/schemas/RunStatus',
          },
        },
      },
      ErrorBody: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
        },
      },
      JobState: {
        type: 'string',
        description:
          "AWS Batch's job states, in both the local queue and Batch",
        enum: [
          'SUBMITTED',
          'PENDING',
          'RUNNABLE',
          'STARTING',
          'RUNNING',
          'SUCCEEDED',
          'FAILED',
        ],
      },
      JobCounts: {
        type: 'object',
        required: [
          'SUBMITTED',
          'PENDING',
          'RUNNABLE',
          'STARTING',
          'RUNNING',
          'SUCCEEDED',
          'FAILED',
        ],
        additionalProperties: {
          type: 'integer',
        },
      },
      UploadLimits: {
        type: 'object',
        required: ['maxPhotoBytes', 'maxPhotoPixels', 'maxScriptCharacters'],
        properties: {
          maxPhotoBytes: {
            type: 'integer',
          },
          maxPhotoPixels: {
            type: 'integer',
          },
          maxScriptCharacters: {
            type: 'integer',
          },
        },
      },
      Video: {
        type: 'object',
        required: [
          'id',
          'environment',
          'photoSha256',
          'scriptSha256',
          'generatorVersion',
          'state',
          'jobId',
          'dedupeHits',
          'createdBy',
          'createdAt',
          'updatedAt',
        ],
        properties: {
          id: {
            type: 'string',
            format: 'uuid',
          },
          environment: {
            type: 'string',
          },
          photoSha256: {
            type: 'string',
          },
          scriptSha256: {
            type: 'string',
          },
          generatorVersion: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/JobState',
            description: "The job's state, in AWS Batch's vocabulary",
          },
          jobId: {
            type: 'string',
          },
          failureReason: {
            type: 'string',
            description: 'Why the job failed, when state is FAILED',
          },
          durationSeconds: {
            type: 'number',
          },
          sizeBytes: {
            type: 'integer',
          },
          dedupeHits: {
            type: 'integer',
            description:
              'How many later uploads of the same photo + script were answered with this video',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      DeclaredObject: {
        type: 'object',
        required: ['sha256', 'size'],
        properties: {
          sha256: {
            type: 'string',
            description:
              'Lower-case hex SHA-256 of the bytes that will be sent',
            pattern: '^[0-9a-f]{64}$',
          },
          size: {
            type: 'integer',
            minimum: 0,
            description: 'Exact size in bytes',
          },
        },
      },
      StartUploadRequest: {
        type: 'object',
        required: ['environment', 'photo', 'script'],
        additionalProperties: false,
        properties: {
          environment: {
            type: 'string',
          },
          photo: {
            allOf: [
              {
                $ref: '#/components/schemas/DeclaredObject',
              },
              {
                type: 'object',
                required: ['contentType'],
                properties: {
                  contentType: {
                    type: 'string',
                    description: 'image/jpeg, image/png or image/webp',
                  },
                },
              },
            ],
          },
          script: {
            $ref: '#/components/schemas/DeclaredObject',
          },
        },
      },
      UploadTarget: {
        type: 'object',
        description: "Where and how to send one object's bytes",
        required: ['url', 'method', 'headers'],
        properties: {
          url: {
            type: 'string',
          },
          method: {
            type: 'string',
            enum: ['PUT'],
          },
          headers: {
            type: 'object',
            description:
              'Headers the request must carry exactly (they are signed)',
            additionalProperties: {
              type: 'string',
            },
          },
        },
      },
      StartUploadResponse: {
        type: 'object',
        required: ['uploadId', 'photo', 'script', 'expiresAt'],
        properties: {
          uploadId: {
            type: 'string',
          },
          photo: {
            $ref: '#/components/schemas/UploadTarget',
          },
          script: {
            $ref: '#/components/schemas/UploadTarget',
          },
          expiresAt: {
            type: 'string',
            format: 'date-time',
            description: 'When the URLs stop working',
          },
        },
      },
      UploadVideoResponse: {
        type: 'object',
        required: ['videoId', 'jobId', 'deduplicated', 'video'],
        properties: {
          videoId: {
            type: 'string',
          },
          jobId: {
            type: 'string',
          },
          deduplicated: {
            type: 'boolean',
          },
          video: {
            $ref: '#/components/schemas/Video',
          },
        },
      },
      StatusSection: {
        type: 'object',
        required: ['updatedAt'],
        description:
          'data, or error when the source failed (data may then be missing)',
        properties: {
          data: {
            type: 'object',
          },
          error: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      ClusterStatus: {
        type: 'object',
        required: ['kind', 'name', 'status', 'nodeGroups'],
        properties: {
          kind: {
            type: 'string',
            enum: ['eks', 'local-pool'],
          },
          name: {
            type: 'string',
          },
          status: {
            type: 'string',
          },
          kubernetesVersion: {
            type: 'string',
          },
          endpointPublicAccess: {
            type: 'boolean',
          },
          endpointPrivateAccess: {
            type: 'boolean',
          },
          nodeGroups: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'name',
                'status',
                'desiredSize',
                'minSize',
                'maxSize',
                'instanceTypes',
              ],
              properties: {
                name: {
                  type: 'string',
                },
                status: {
                  type: 'string',
                },
                desiredSize: {
                  type: 'integer',
                },
                minSize: {
                  type: 'integer',
                },
                maxSize: {
                  type: 'integer',
                },
                readyNodes: {
                  type: 'integer',
                },
                instanceTypes: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
              },
            },
          },
          slots: {
            type: 'integer',
            description: 'Local pool only: worker slots',
          },
          busy: {
            type: 'integer',
            description: 'Local pool only: busy worker slots',
          },
          host: {
            type: 'string',
            description: 'Local pool only: the host the workers run on',
          },
        },
      },
      QueueStatus: {
        type: 'object',
        required: [
          'name',
          'state',
          'status',
          'computeEnvironments',
          'counts',
          'recentJobs',
        ],
        properties: {
          name: {
            type: 'string',
          },
          state: {
            type: 'string',
            description: 'ENABLED, or DISABLED while draining',
          },
          status: {
            type: 'string',
          },
          computeEnvironments: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'state', 'status'],
              properties: {
                name: {
                  type: 'string',
                },
                state: {
                  type: 'string',
                },
                status: {
                  type: 'string',
                },
              },
            },
          },
          counts: {
            $ref: '#/components/schemas/JobCounts',
          },
          recentJobs: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'videoId', 'state', 'createdAt'],
              properties: {
                id: {
                  type: 'string',
                },
                videoId: {
                  type: 'string',
                },
                state: {
                  $ref: '#/components/schemas/JobState',
                },
                createdAt: {
                  type: 'string',
                  format: 'date-time',
                },
                startedAt: {
                  type: 'string',
                  format: 'date-time',
                },
                finishedAt: {
                  type: 'string',
                  format: 'date-time',
                },
                durationSeconds: {
                  type: 'number',
                },
                failureReason: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      VideoSummary: {
        type: 'object',
        required: ['total', 'byState', 'dedupeHits', 'totalDurationSeconds'],
        properties: {
          total: {
            type: 'integer',
          },
          byState: {
            $ref: '#/components/schemas/JobCounts',
          },
          dedupeHits: {
            type: 'integer',
          },
          totalDurationSeconds: {
            type: 'number',
          },
        },
      },
      EnvironmentStatusResponse: {
        type: 'object',
        required: ['environment', 'target', 'cluster', 'queue', 'videos'],
        properties: {
          environment: {
            type: 'string',
          },
          target: {
            type: 'string',
            enum: ['local', 'aws'],
          },
          cluster: {
            allOf: [
              {
                $ref: '#/components/schemas/StatusSection',
              },
              {
                type: 'object',
                properties: {
                  data: {
                    $ref: '#/components/schemas/ClusterStatus',
                  },
                },
              },
            ],
          },
          queue: {
            allOf: [
              {
                $ref: '#/components/schemas/StatusSection',
              },
              {
                type: 'object',
                properties: {
                  data: {
                    $ref: '#/components/schemas/QueueStatus',
                  },
                },
              },
            ],
          },
          videos: {
            allOf: [
              {
                $ref: '#/components/schemas/StatusSection',
              },
              {
                type: 'object',
                properties: {
                  data: {
                    $ref: '#/components/schemas/VideoSummary',
                  },
                },
              },
            ],
          },
          stateStack: {
            allOf: [
              {
                $ref: '#/components/schemas/StatusSection',
              },
              {
                type: 'object',
                properties: {
                  data: {
                    type: 'object',
                    required: ['name', 'status'],
                    properties: {
                      name: {
                        type: 'string',
                      },
                      status: {
                        type: 'string',
                      },
                      bucket: {
                        type: 'string',
                      },
                    },
                  },
                },
              },
            ],
          },
        },
      },
    },
    securitySchemes: {
      backstage: {
        type: 'http',
        scheme: 'bearer',
      },
      backstageCookie: {
        type: 'apiKey',
        in: 'cookie',
        name: 'backstage-auth',
        description:
          'The Backstage user cookie from GET /cookie (media routes only)',
      },
    },
  },
  security: [
    {
      backstage: [],
    },
  ],
} as const;
