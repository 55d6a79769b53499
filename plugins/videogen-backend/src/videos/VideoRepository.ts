import {
  JobState,
  Video,
  VideoSummary,
} from '@videogen/plugin-videogen-common';
import { Knex } from 'knex';
import { DbTime, toIso, toNumber } from '../database/dbValues';
import { ENVIRONMENTS_TABLE } from '../environments/EnvironmentStore';
import { JobChangeListener, tellJobChanged } from '../queue/jobChanges';
import {
  DRAINS_TABLE,
  emptyCounts,
  JOBS_TABLE,
  JobStore,
  NewJob,
  toJob,
  UploadGate,
} from '../queue/JobStore';
import { GeneratorResult } from '../queue/results';
import { JobInputs, JobVideos } from '../queue/types';

export const VIDEOS_TABLE = 'videogen_videos';

/** A video's columns with its job's (`v` the video, `j` its job). */
const JOINED_COLUMNS = [
  'v.*',
  'j.state as job_state',
  'j.failure_reason as job_failure_reason',
  'j.started_at as job_started_at',
  'j.finished_at as job_finished_at',
  'j.updated_at as job_updated_at',
];

/**
 * The dedupe key: one live video per environment, photo, script and
 * generator. A key whose latest video FAILED (or was cancelled) gets a new
 * attempt on its next upload.
 */
export type DedupeKey = {
  environment: string;
  photoSha256: string;
  scriptSha256: string;
  generatorVersion: string;
};

/** A video to insert: its dedupe key, its stored inputs and its job. */
export type NewVideo = {
  id: string;
  environment: string;
  photoSha256: string;
  scriptSha256: string;
  generatorVersion: string;
  photoKey: string;
  photoType: string;
  photoSizeBytes: number;
  photoWidth: number;
  photoHeight: number;
  scriptKey: string;
  /** 1 (the default), or the attempt after the key's latest failed video. */
  attempt?: number;
  jobId: string;
  createdBy: string;
  createdAt: Date;
};

/**
 * What a known dedupe key answers: its live video, or the attempt number a
 * new video of the key gets.
 */
export type DedupeLookup = { video: Video } | { nextAttempt: number };

type VideoRow = {
  id: string;
  environment: string;
  photo_sha256: string;
  script_sha256: string;
  generator_version: string;
  photo_key: string;
  photo_type: string;
  photo_size_bytes: number | string;
  photo_width: number;
  photo_height: number;
  script_key: string;
  attempt: number;
  job_id: string;
  dedupe_hits: number;
  duration_seconds: number | null;
  size_bytes: number | string | null;
  video_sha256: string | null;
  width: number | null;
  height: number | null;
  poster_size_bytes: number | string | null;
  created_by: string;
  created_at: DbTime;
  updated_at: DbTime;
};

type JoinedRow = VideoRow & {
  job_state: string;
  job_failure_reason: string | null;
  job_started_at: DbTime;
  job_finished_at: DbTime;
  job_updated_at: DbTime;
};

function later(a: DbTime, b: DbTime): string {
  const x = toIso(a)!;
  const y = toIso(b);
  return y && y > x ? y : x;
}

function toRow(video: NewVideo): VideoRow {
  return {
    id: video.id,
    environment: video.environment,
    photo_sha256: video.photoSha256,
    script_sha256: video.scriptSha256,
    generator_version: video.generatorVersion,
    photo_key: video.photoKey,
    photo_type: video.photoType,
    photo_size_bytes: video.photoSizeBytes,
    photo_width: video.photoWidth,
    photo_height: video.photoHeight,
    script_key: video.scriptKey,
    attempt: video.attempt ?? 1,
    job_id: video.jobId,
    dedupe_hits: 0,
    duration_seconds: null,
    size_bytes: null,
    video_sha256: null,
    width: null,
    height: null,
    poster_size_bytes: null,
    created_by: video.createdBy,
    created_at: video.createdAt,
    updated_at: video.createdAt,
  };
}

function toVideo(row: JoinedRow): Video {
  return {
    id: row.id,
    environment: row.environment,
    photoSha256: row.photo_sha256,
    scriptSha256: row.script_sha256,
    generatorVersion: row.generator_version,
    state: row.job_state as JobState,
    jobId: row.job_id,
    failureReason: row.job_failure_reason ?? undefined,
    durationSeconds: toNumber(row.duration_seconds),
    sizeBytes: toNumber(row.size_bytes),
    dedupeHits: Number(row.dedupe_hits),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at)!,
    updatedAt: later(row.updated_at, row.job_updated_at),
    startedAt: toIso(row.job_started_at),
    finishedAt: toIso(row.job_finished_at),
  };
}

/** Videos in the plugin's database, each joined with its job. */
/** What the key's latest video (joined with its job) says of an upload. */
function toLookup(latest: JoinedRow | undefined): DedupeLookup {
  if (!latest) {
    return { nextAttempt: 1 };
  }
  if (latest.job_state === 'FAILED') {
    return { nextAttempt: Number(latest.attempt) + 1 };
  }
  return { video: toVideo(latest) };
}

export class VideoRepository implements JobVideos {
  constructor(
    private readonly knex: Knex,
    /** Told of each new job (its SUBMITTED state), like the job store's. */
    private readonly onJobChange?: JobChangeListener,
  ) {}

  private joined(db: Knex | Knex.Transaction = this.knex) {
    return db(`${VIDEOS_TABLE} as v`)
      .join(`${JOBS_TABLE} as j`, 'j.id', 'v.job_id')
      .select(...JOINED_COLUMNS);
  }

  async get(id: string): Promise<Video | undefined> {
    const row = await this.joined().where('v.id', id).first();
    return row ? toVideo(row) : undefined;
  }

  async inputsOf(videoId: string): Promise<JobInputs | undefined> {
    const row = await this.knex<VideoRow>(VIDEOS_TABLE)
      .where({ id: videoId })
      .first();
    return row
      ? { videoId: row.id, photoKey: row.photo_key, scriptKey: row.script_key }
      : undefined;
  }

  async list(options: {
    environment?: string;
    limit: number;
  }): Promise<Video[]> {
    const query = this.joined()
      .orderBy('v.created_at', 'desc')
      .orderBy('v.id', 'desc')
      .limit(options.limit);
    if (options.environment) {
      query.where('v.environment', options.environment);
    }
    return (await query).map(toVideo);
  }

  /**
   * Inserts the video, or counts a dedupe hit on the one already holding its
   * key, in one INSERT ... ON CONFLICT DO UPDATE ... RETURNING statement: the
   * unique key decides, so there is no read-then-write race. The returned id
   * is ours only when the row is new, and only then is the job inserted (in
   * the same transaction), so concurrent identical uploads make one row and
   * one job.
   */
  async insertOrGet(
    video: NewVideo,
    job: NewJob,
  ): Promise<{ created: boolean; video: Video }> {
    const id = await this.knex.transaction(async trx => {
      const [row] = await trx(VIDEOS_TABLE)
        .insert(toRow(video))
        .onConflict([
          'environment',
          'photo_sha256',
          'script_sha256',
          'generator_version',
          'attempt',
        ])
        .merge({
          dedupe_hits: trx.raw('?? + 1', [`${VIDEOS_TABLE}.dedupe_hits`]),
        })
        .returning('id');
      const rowId: string = typeof row === 'object' ? row.id : row;
      if (rowId === video.id) {
        await trx(JOBS_TABLE).insert(JobStore.newRow(job));
      }
      return rowId;
    });
    // Only a new row is news: a dedupe hit changes no job's state.
    if (id === video.id) {
      tellJobChanged(this.onJobChange, {
        job: toJob({ seq: 0, ...JobStore.newRow(job) }),
        createdBy: video.createdBy,
      });
    }
    return { created: id === video.id, video: (await this.get(id))! };
  }

  /**
   * Looks the key's latest attempt up: a video that has not FAILED answers
   * the upload (count the hit with `countHit`); otherwise the upload makes
   * the next attempt (the failed rows stay, with their history).
   */
  async lookup(key: DedupeKey): Promise<DedupeLookup> {
    const latest = await this.joined()
      .where({
        'v.environment': key.environment,
        'v.photo_sha256': key.photoSha256,
        'v.script_sha256': key.scriptSha256,
        'v.generator_version': key.generatorVersion,
      })
      .orderBy('v.attempt', 'desc')
      .first();
    return toLookup(latest);
  }

  /**
   * `lookup` and the upload gate of the key's environment (its status and
   * whether its queue is disabled; undefined when there is no such
   * environment) in one read: the start of a direct upload needs both, and
   * a duplicate is answered from this read alone.
   */
  async lookupWithGate(
    key: DedupeKey,
  ): Promise<{ gate?: UploadGate; known: DedupeLookup }> {
    const row = await this.knex(`${ENVIRONMENTS_TABLE} as e`)
      .leftJoin(`${DRAINS_TABLE} as d`, 'd.environment', 'e.name')
      .leftJoin(`${VIDEOS_TABLE} as v`, join =>
        join
          .on('v.environment', 'e.name')
          .andOnVal('v.photo_sha256', key.photoSha256)
          .andOnVal('v.script_sha256', key.scriptSha256)
          .andOnVal('v.generator_version', key.generatorVersion),
      )
      .leftJoin(`${JOBS_TABLE} as j`, 'j.id', 'v.job_id')
      .where('e.name', key.environment)
      // With no video of the key there is one row, its video columns null.
      .orderBy('v.attempt', 'desc')
      .first(
        'e.status as gate_status',
        'd.disabled as gate_disabled',
        ...JOINED_COLUMNS,
      );
    if (!row) {
      return { known: { nextAttempt: 1 } };
    }
    return {
      gate: {
        status: row.gate_status,
        disabled: Boolean(row.gate_disabled),
      },
      known: toLookup(row.id ? row : undefined),
    };
  }

  /**
   * Counts one dedupe hit on a video that `lookup` found, and returns it
   * with the hit: no second read on the path every duplicate takes (hits
   * counted at the same moment by others show in the next read).
   */
  async countHit(video: Video): Promise<Video> {
    await this.knex(VIDEOS_TABLE)
      .where({ id: video.id })
      .update({ dedupe_hits: this.knex.raw('dedupe_hits + 1') });
    return { ...video, dedupeHits: video.dedupeHits + 1 };
  }

  async recordResult(videoId: string, result: GeneratorResult): Promise<void> {
    await this.knex(VIDEOS_TABLE)
      .where({ id: videoId })
      .update({
        duration_seconds: result.durationSeconds,
        size_bytes: result.sizeBytes,
        video_sha256: result.sha256,
        width: result.width ?? null,
        height: result.height ?? null,
        poster_size_bytes: result.posterSizeBytes ?? null,
        updated_at: new Date(),
      });
  }

  /** Whether any video still refers to a stored photo or script. */
  async isReferenced(key: { photoKey?: string; scriptKey?: string }) {
    const query = this.knex(VIDEOS_TABLE).select('id').limit(1);
    if (key.photoKey) {
      query.where('photo_key', key.photoKey);
    } else if (key.scriptKey) {
      query.where('script_key', key.scriptKey);
    } else {
      return false;
    }
    return (await query).length > 0;
  }

  async summary(environment: string): Promise<VideoSummary> {
    const rows = (await this.knex(`${VIDEOS_TABLE} as v`)
      .join(`${JOBS_TABLE} as j`, 'j.id', 'v.job_id')
      .where('v.environment', environment)
      .groupBy('j.state')
      .select('j.state as state')
      .count({ count: '*' })
      .sum({
        hits: 'v.dedupe_hits',
        duration: 'v.duration_seconds',
      })) as Array<{
      state: JobState;
      count: string | number;
      hits: string | number | null;
      duration: string | number | null;
    }>;
    const byState = emptyCounts();
    let total = 0;
    let dedupeHits = 0;
    let totalDurationSeconds = 0;
    for (const row of rows) {
      const count = Number(row.count);
      if (row.state in byState) {
        byState[row.state] = count;
      }
      total += count;
      dedupeHits += Number(row.hits ?? 0);
      totalDurationSeconds += Number(row.duration ?? 0);
    }
    return {
      total,
      byState,
      dedupeHits,
      totalDurationSeconds: Math.round(totalDurationSeconds * 100) / 100,
    };
  }
}
