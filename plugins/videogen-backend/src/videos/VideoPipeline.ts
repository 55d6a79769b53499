import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ACCEPTED_PHOTO_TYPES,
  isTerminalJobState,
  UploadLimits,
  UploadVideoResponse,
  Video,
} from '@videogen/plugin-videogen-common';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { EnvironmentDrain } from '../environments/drain';
import { JobStore, UploadGate } from '../queue/JobStore';
import { JobQueue } from '../queue/types';
import {
  ObjectStorage,
  StorageResolver,
  StoredObject,
  storageKeys,
} from '../storage';
import { DedupeLookup, VideoRepository } from './VideoRepository';
import { PhotoFacts } from './upload/PhotoInspector';
import { UploadReceiver } from './upload/UploadReceiver';

export type MediaKind = 'video' | 'poster';

/** Checked inputs of a new video, wherever their bytes came from. */
export type VideoInputs = {
  environment: string;
  /** The environment's storage, where the inputs are. */
  storage: ObjectStorage;
  photo: PhotoFacts & { sha256: string; sizeBytes: number };
  /** SHA-256 of the normalised script's UTF-8 bytes. */
  scriptSha256: string;
  /** Puts the photo at its content-addressed key. */
  placePhoto(key: string): Promise<void>;
  /** Puts the normalised script at its content-addressed key. */
  placeScript(key: string): Promise<void>;
};

const MEDIA = {
  video: { key: storageKeys.video, contentType: 'video/mp4' },
  poster: { key: storageKeys.poster, contentType: 'image/jpeg' },
} as const;

/** Throws the error an upload to `name` deserves, if any. */
function refuseUnlessAccepting(name: string, gate: UploadGate | undefined) {
  if (!gate) {
    throw new NotFoundError(
      `There is no environment named "${name.slice(0, 64)}".`,
    );
  }
  if (gate.status !== 'READY') {
    throw new ConflictError(
      `Environment "${name}" is ${gate.status}; it accepts uploads only when it is READY.`,
    );
  }
  if (gate.disabled) {
    throw new ConflictError(
      `Environment "${name}" is draining: its queue is disabled (it is about to be destroyed), so it takes no new videos.`,
    );
  }
}

/**
 * The product's core loop: receive an upload, deduplicate it, store its
 * inputs, queue its job; read, list and cancel videos.
 */
export class VideoPipeline {
  /** Each environment's storage: a video's objects live in its environment's. */
  readonly storages: StorageResolver;
  readonly videos: VideoRepository;
  readonly jobs: JobStore;
  readonly queue: JobQueue;
  readonly limits: UploadLimits;
  readonly generatorVersion: string;
  /** Attempts per job: the first plus `videogen.queue.retries`. */
  readonly maxAttempts: number;
  private readonly logger: LoggerService;
  private readonly uploadIdleTimeoutMs?: number;

  constructor(options: {
    storages: StorageResolver;
    videos: VideoRepository;
    jobs: JobStore;
    queue: JobQueue;
    limits: UploadLimits;
    generatorVersion: string;
    maxAttempts: number;
    logger: LoggerService;
    /** `videogen.uploads.idleTimeout` (default 30 s). */
    uploadIdleTimeoutMs?: number;
  }) {
    this.uploadIdleTimeoutMs = options.uploadIdleTimeoutMs;
    this.storages = options.storages;
    this.videos = options.videos;
    this.jobs = options.jobs;
    this.queue = options.queue;
    this.limits = options.limits;
    this.generatorVersion = options.generatorVersion;
    this.maxAttempts = options.maxAttempts;
    this.logger = options.logger;
  }

  /** What the run engine uses to drain an environment before a destroy. */
  get drain(): EnvironmentDrain {
    return this.queue.drain;
  }

  /** Throws the error an upload to `name` deserves, if any. */
  async checkEnvironmentAcceptsUploads(name: string): Promise<void> {
    refuseUnlessAccepting(name, await this.jobs.uploadGate(name));
  }

  /**
   * Receives an upload and answers with the new video (`created`) or the
   * existing one for the same photo, script, environment and generator. When
   * that one FAILED (or was cancelled), the upload is a new attempt: a new
   * video and job, while the failed video keeps its history.
   */
  async upload(
    req: IncomingMessage,
    createdBy: string,
  ): Promise<{ created: boolean; response: UploadVideoResponse }> {
    const receiver = new UploadReceiver({
      // One storage for all (local): the photo streams at once. Otherwise
      // the photo goes to the buckets of the environment the upload names.
      storage:
        this.storages.shared ??
        (async name => (await this.storages.forEnvironment(name)).storage),
      limits: this.limits,
      checkEnvironment: name => this.checkEnvironmentAcceptsUploads(name),
      idleTimeoutMs: this.uploadIdleTimeoutMs,
    });
    try {
      const { environment, photo, script, storage } = await receiver.receive(
        req,
      );
      return await this.register(
        {
          environment,
          storage,
          photo,
          scriptSha256: script.sha256,
          placePhoto: key => storage.move(photo.temporaryKey, key),
          placeScript: key =>
            storage
              .put(key, script.text, {
                contentType: 'text/plain; charset=utf-8',
              })
              .then(() => undefined),
        },
        createdBy,
      );
    } finally {
      await receiver
        .discard()
        .catch(error =>
          this.logger.warn(`Could not remove a temporary upload: ${error}`),
        );
    }
  }

  /**
   * The dedupe lookup of a pair, with the environment check in the same
   * read (which throws the error an upload to it deserves, if any).
   */
  async lookupAccepted(pair: {
    environment: string;
    photoSha256: string;
    scriptSha256: string;
  }): Promise<DedupeLookup> {
    const { gate, known } = await this.videos.lookupWithGate({
      ...pair,
      generatorVersion: this.generatorVersion,
    });
    refuseUnlessAccepting(pair.environment, gate);
    return known;
  }

  /**
   * A lookup's live video with this hit in its count, or undefined when the
   * pair needs a new video (never seen, or its latest video FAILED). The
   * count is a statistic, so it is written after answering: a duplicate
   * waits for its one read only. A write that fails is logged.
   */
  answerHit(known: DedupeLookup): UploadVideoResponse | undefined {
    if (!('video' in known)) {
      return undefined;
    }
    const { video } = known;
    this.videos
      .countHit(video)
      .catch(error =>
        this.logger.warn(
          `Could not count a dedupe hit on video ${video.id}: ${error}`,
        ),
      );
    return this.answer({ ...video, dedupeHits: video.dedupeHits + 1 }, true);
  }

  /**
   * Registers checked inputs, for the multipart route and for a completed
   * direct upload alike: the dedupe lookup (a known pair is answered and
   * nothing is placed), the per-user job limit, the inputs moved to their
   * content-addressed keys, then the video and its job inserted by one
   * insert-or-get (identical uploads racing make one row) and the job
   * submitted.
   */
  async register(
    inputs: VideoInputs,
    createdBy: string,
  ): Promise<{ created: boolean; response: UploadVideoResponse }> {
    const { environment, photo, storage } = inputs;
    const key = {
      environment,
      photoSha256: photo.sha256,
      scriptSha256: inputs.scriptSha256,
      generatorVersion: this.generatorVersion,
    };

    // Known already: count the hit and answer at once; nothing is stored.
    // A key whose latest video failed gets a new attempt instead.
    const known = await this.videos.lookup(key);
    if ('video' in known) {
      const video = await this.videos.countHit(known.video);
      return { created: false, response: this.answer(video, true) };
    }

    // A new job: 429 when its uploader already has their share queued.
    await this.jobs.assertUserMayQueue(createdBy);

    // Inputs go to their content-addressed keys before the row exists, so
    // a job never points at inputs that are not there. Identical uploads
    // racing here write identical bytes to identical keys.
    const photoKey = storageKeys.photo(
      photo.sha256,
      ACCEPTED_PHOTO_TYPES[photo.type],
    );
    const scriptKey = storageKeys.script(inputs.scriptSha256);
    await inputs.placePhoto(photoKey);
    await inputs.placeScript(scriptKey);

    const videoId = randomUUID();
    const jobId = randomUUID();
    const now = new Date();
    let outcome: { created: boolean; video: Video };
    try {
      outcome = await this.videos.insertOrGet(
        {
          id: videoId,
          environment,
          photoSha256: photo.sha256,
          scriptSha256: inputs.scriptSha256,
          generatorVersion: this.generatorVersion,
          photoKey,
          photoType: photo.type,
          photoSizeBytes: photo.sizeBytes,
          photoWidth: photo.width,
          photoHeight: photo.height,
          scriptKey,
          attempt: known.nextAttempt,
          jobId,
          createdBy,
          createdAt: now,
        },
        {
          id: jobId,
          videoId,
          environment,
          queue: this.queue.kind,
          maxAttempts: this.maxAttempts,
          now,
        },
      );
    } catch (error) {
      await this.releaseInputs(storage, photoKey, scriptKey);
      throw error;
    }

    if (!outcome.created) {
      return { created: false, response: this.answer(outcome.video, true) };
    }
    const job = await this.jobs.get(jobId);
    try {
      await this.queue.submit(job!);
    } catch (error) {
      // The job stays SUBMITTED; the queue's sweep submits it again.
      this.logger.warn(`Job ${jobId} could not be queued yet: ${error}`);
    }
    const video = (await this.videos.get(videoId)) ?? outcome.video;
    return { created: true, response: this.answer(video, false) };
  }

  private answer(video: Video, deduplicated: boolean): UploadVideoResponse {
    return { videoId: video.id, jobId: video.jobId, deduplicated, video };
  }

  /** Removes stored inputs that no video refers to (after a failed insert). */
  private async releaseInputs(
    storage: ObjectStorage,
    photoKey: string,
    scriptKey: string,
  ) {
    try {
      if (!(await this.videos.isReferenced({ photoKey }))) {
        await storage.delete(photoKey);
      }
      if (!(await this.videos.isReferenced({ scriptKey }))) {
        await storage.delete(scriptKey);
      }
    } catch (error) {
      this.logger.warn(`Could not remove unreferenced inputs: ${error}`);
    }
  }

  async get(id: string): Promise<Video> {
    const video = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.videos.get(id)
      : undefined;
    if (!video) {
      throw new NotFoundError(
        `There is no video with id "${id.slice(0, 64)}".`,
      );
    }
    return video;
  }

  async list(options: { environment?: string; limit: number }) {
    return this.videos.list(options);
  }

  /** Cancels a video's job; it ends FAILED with "Cancelled by <who>". */
  async cancel(id: string, by: string): Promise<Video> {
    const video = await this.get(id);
    if (isTerminalJobState(video.state)) {
      throw new ConflictError(
        `The video's job has already finished (${video.state}); there is nothing to cancel.`,
      );
    }
    const cancelled = await this.queue.cancel(
      video.jobId,
      `Cancelled by ${by}`,
    );
    if (!cancelled) {
      const now = await this.get(id);
      throw new ConflictError(
        `The video's job finished (${now.state}) before it could be cancelled.`,
      );
    }
    return this.get(id);
  }

  /**
   * The stored video or poster of a finished video, with its storage
   * metadata and the storage of its environment (which serves it).
   */
  async media(
    id: string,
    kind: MediaKind,
  ): Promise<{
    video: Video;
    key: string;
    contentType: string;
    object: StoredObject;
    storage: ObjectStorage;
  }> {
    const video = await this.get(id);
    if (video.state !== 'SUCCEEDED') {
      throw new ConflictError(
        `The video is not ready yet (its job is ${video.state}).`,
      );
    }
    const key = MEDIA[kind].key(video.id);
    const { storage } = await this.storages.forEnvironment(video.environment);
    const object = await storage.head(key);
    if (!object) {
      throw new NotFoundError(
        `The ${kind} of video "${id}" is missing from storage.`,
      );
    }
    return {
      video,
      key,
      contentType: MEDIA[kind].contentType,
      object,
      storage,
    };
  }
}
