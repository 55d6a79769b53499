import { Knex } from 'knex';
import { DbTime, toDate } from '../database/dbValues';

export const UPLOADS_TABLE = 'videogen_uploads';

/** The two objects of a direct upload. */
export type UploadPart = 'photo' | 'script';
export const UPLOAD_PARTS: readonly UploadPart[] = ['photo', 'script'];

/** A direct upload between its start and its completion: what was declared. */
export type DirectUpload = {
  id: string;
  environment: string;
  createdBy: string;
  /**
   * `type` is the declared media type: JPEG, PNG, WebP or
   * `application/octet-stream` (unknown to the browser); the photo's real
   * type is read from its magic bytes at completion.
   */
  photo: { sha256: string; sizeBytes: number; type: string };
  script: { sha256: string; sizeBytes: number };
  generatorVersion: string;
  expiresAt: Date;
  createdAt: Date;
};

type UploadRow = {
  id: string;
  environment: string;
  created_by: string;
  photo_sha256: string;
  photo_size_bytes: number | string;
  photo_type: string;
  script_sha256: string;
  script_size_bytes: number | string;
  generator_version: string;
  photo_claimed_at: DbTime;
  script_claimed_at: DbTime;
  expires_at: DbTime;
  created_at: DbTime;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The `videogen_uploads` table. */
export class UploadStore {
  constructor(private readonly knex: Knex) {}

  async insert(upload: DirectUpload): Promise<void> {
    await this.knex(UPLOADS_TABLE).insert({
      id: upload.id,
      environment: upload.environment,
      created_by: upload.createdBy,
      photo_sha256: upload.photo.sha256,
      photo_size_bytes: upload.photo.sizeBytes,
      photo_type: upload.photo.type,
      script_sha256: upload.script.sha256,
      script_size_bytes: upload.script.sizeBytes,
      generator_version: upload.generatorVersion,
      expires_at: upload.expiresAt,
      created_at: upload.createdAt,
    });
  }

  /** The upload, or undefined (also for a value that is not a UUID). */
  async get(id: string): Promise<DirectUpload | undefined> {
    if (!UUID.test(id)) {
      return undefined;
    }
    const row: UploadRow | undefined = await this.knex(UPLOADS_TABLE)
      .where({ id })
      .first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Marks one part's URL as used; false when it was used already (each URL
   * is good for one object). One conditional UPDATE, so two PUTs racing for
   * the same part cannot both win.
   */
  async claim(id: string, part: UploadPart): Promise<boolean> {
    const column = `${part}_claimed_at`;
    const updated = await this.knex(UPLOADS_TABLE)
      .where({ id })
      .whereNull(column)
      .update({ [column]: new Date() });
    return updated === 1;
  }

  /** Gives a part's URL back after a refused body, so the browser may retry. */
  async release(id: string, part: UploadPart): Promise<void> {
    await this.knex(UPLOADS_TABLE)
      .where({ id })
      .update({ [`${part}_claimed_at`]: null });
  }

  async delete(id: string): Promise<void> {
    await this.knex(UPLOADS_TABLE).where({ id }).delete();
  }

  /** Uploads past their expiry, oldest first. */
  async expired(now: Date, limit = 100): Promise<DirectUpload[]> {
    const rows: UploadRow[] = await this.knex(UPLOADS_TABLE)
      .where('expires_at', '<', now)
      .orderBy('expires_at')
      .limit(limit);
    return rows.map(fromRow);
  }
}

function fromRow(row: UploadRow): DirectUpload {
  return {
    id: row.id,
    environment: row.environment,
    createdBy: row.created_by,
    photo: {
      sha256: row.photo_sha256,
      sizeBytes: Number(row.photo_size_bytes),
      type: row.photo_type,
    },
    script: {
      sha256: row.script_sha256,
      sizeBytes: Number(row.script_size_bytes),
    },
    generatorVersion: row.generator_version,
    expiresAt: toDate(row.expires_at)!,
    createdAt: toDate(row.created_at)!,
  };
}
