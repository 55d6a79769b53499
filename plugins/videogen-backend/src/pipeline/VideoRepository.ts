import {
  JobState,
  Video,
  VideoSummary,
} from '@videogen/plugin-videogen-common';
import { Knex } from 'knex';
import { emptyCounts, JobRow, JOBS_TABLE } from '../queue/JobStore';
import { DbTime, toIso, toNumber } from './dbValues';

export const VIDEOS_TABLE = 'videogen_videos';

/** The dedupe key: one video per environment, photo, script and generator. */
export type DedupeKey = {
  environment: string;
  photoSha256: string;
  scriptSha256: string;
  generatorVersion: string;
};

export type VideoRow = {
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

/** The generator's result.json, as far as the backend keeps it. */
export type GeneratorResult = {
  durationSeconds: number;
  sizeBytes: number;
  sha256: string;
  width?: number;
  height?: number;
  posterSizeBytes?: number;
};

function later(a: DbTime, b: DbTime): string {
  const x = toIso(a)!;
  const y = toIso(b);
  return y && y > x ? y : x;
}

export function toVideo(row: JoinedRow): Video {
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
export class VideoRepository {
  constructor(private readonly knex: Knex) {}

  private joined(db: Knex | Knex.Transaction = this.knex) {
    return db(`${VIDEOS_TABLE} as v`)
      .join(`${JOBS_TABLE} as j`, 'j.id', 'v.job_id')
      .select(
        'v.*',
        'j.state as job_state',
        'j.failure_reason as job_failure_reason',
        'j.started_at as job_started_at',
        'j.finished_at as job_finished_at',
        'j.updated_at as job_updated_at',
      );
  }

  async get(id: string): Promise<Video | undefined> {
    const row = await this.joined().where('v.id', id).first();
    return row ? toVideo(row) : undefined;
  }

  async getRow(id: string): Promise<VideoRow | undefined> {
    return this.knex<VideoRow>(VIDEOS_TABLE).where({ id }).first();
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
    video: VideoRow,
    job: Omit<JobRow, 'seq'>,
  ): Promise<{ created: boolean; video: Video }> {
    const id = await this.knex.transaction(async trx => {
      const [row] = await trx(VIDEOS_TABLE)
        .insert(video)
        .onConflict([
          'environment',
          'photo_sha256',
          'script_sha256',
          'generator_version',
        ])
        .merge({
          dedupe_hits: trx.raw('?? + 1', [`${VIDEOS_TABLE}.dedupe_hits`]),
        })
        .returning('id');
      const rowId: string = typeof row === 'object' ? row.id : row;
      if (rowId === video.id) {
        await trx(JOBS_TABLE).insert(job);
      }
      return rowId;
    });
    return { created: id === video.id, video: (await this.get(id))! };
  }

  /** Counts one dedupe hit and returns the video, or undefined. */
  async countHit(key: DedupeKey): Promise<Video | undefined> {
    const updated = await this.knex(VIDEOS_TABLE)
      .where({
        environment: key.environment,
        photo_sha256: key.photoSha256,
        script_sha256: key.scriptSha256,
        generator_version: key.generatorVersion,
      })
      .update({ dedupe_hits: this.knex.raw('dedupe_hits + 1') })
      .returning('id');
    if (updated.length === 0) {
      return undefined;
    }
    const id = typeof updated[0] === 'object' ? updated[0].id : updated[0];
    return this.get(id);
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
