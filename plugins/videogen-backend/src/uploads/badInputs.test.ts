import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Knex } from 'knex';
import request from 'supertest';
import { videogenPlugin } from '../plugin';
import { multipart, uploadParts } from '../videos/__testUtils__/multipart';
import {
  craftedJpeg,
  craftedPng,
  craftedWebpVp8x,
  fixtures,
  svgPhoto,
} from '../videos/__testUtils__/photos';
import { tempDir } from '../videos/__testUtils__/seed';
import { browserScript, directUploadLocal } from './__testUtils__/directUpload';
import { WHOLE_READ_BYTES } from './storedPhoto';

jest.setTimeout(300_000);

/** A baseline JPEG with `scanBytes` of entropy-coded data (no 0xFF in it). */
function largeJpeg(scanBytes: number): Buffer {
  const small = craftedJpeg(640, 480);
  const eoi = small.length - 2;
  return Buffer.concat([
    small.subarray(0, eoi),
    Buffer.alloc(scanBytes, 0x5a),
    small.subarray(eoi),
  ]);
}

/** A PNG with a large IDAT chunk before IEND. */
function largePng(dataBytes: number): Buffer {
  const small = craftedPng(640, 480);
  const iend = small.length - 12;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(dataBytes);
  return Buffer.concat([
    small.subarray(0, iend),
    length,
    Buffer.from('IDAT', 'latin1'),
    Buffer.alloc(dataBytes, 7),
    Buffer.alloc(4),
    small.subarray(iend),
  ]);
}

/** A VP8X WebP whose RIFF size covers `padding` more bytes (which follow). */
function largeWebp(padding: number): Buffer {
  const small = craftedWebpVp8x(640, 480);
  const out = Buffer.concat([small, Buffer.alloc(padding)]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

const LARGE = WHOLE_READ_BYTES + 100_000;
const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(64)]);
const heic = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypheic', 'latin1'),
  Buffer.alloc(64),
]);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n', 'latin1');
const jpegBadMarker = (() => {
  // A well-formed start, then a byte where a marker must be.
  const photo = Buffer.from(craftedJpeg(64, 64));
  photo[2] = 0x00;
  return photo;
})();

type Case = {
  name: string;
  photo: () => Buffer;
  script?: () => Buffer;
  /** Types a browser could declare for the file (the first is its own). */
  declared?: string[];
  environment?: string;
  videogen?: Record<string, unknown>;
};

const HELLO = () => Buffer.from('Hello.');

/**
 * Inputs the multipart route refuses. Each goes through POST /videos and
 * through the direct flow (start, PUTs, complete); both must answer the
 * same status and the same sentence, and leave nothing behind.
 */
const cases: Case[] = [
  {
    name: 'an SVG photo',
    photo: () => svgPhoto,
    declared: ['image/svg+xml', 'image/jpeg'],
  },
  {
    name: 'a GIF photo',
    photo: () => gif,
    declared: ['image/gif', 'image/png'],
  },
  {
    name: 'a HEIC photo',
    photo: () => heic,
    declared: ['image/heic', 'image/jpeg'],
  },
  {
    name: 'a PDF',
    photo: () => pdf,
    declared: ['application/pdf', 'image/webp'],
  },
  {
    name: 'an unknown binary',
    photo: () => Buffer.alloc(100, 1),
    declared: ['application/octet-stream', 'image/jpeg'],
  },
  { name: 'an empty photo', photo: () => Buffer.alloc(0) },
  {
    name: 'a truncated JPEG',
    photo: () => fixtures.knightJpg().subarray(0, 30_000),
  },
  {
    name: 'a JPEG cut inside its header',
    photo: () => fixtures.knightJpg().subarray(0, 5),
  },
  {
    name: 'a truncated PNG',
    photo: () => fixtures.robotPng().subarray(0, 4000),
    declared: ['image/png'],
  },
  {
    name: 'a truncated WebP',
    photo: () => fixtures.foxWebp().subarray(0, 5000),
    declared: ['image/webp'],
  },
  {
    name: 'a large truncated JPEG (ranged read)',
    photo: () => {
      const p = largeJpeg(LARGE);
      return p.subarray(0, p.length - 2);
    },
  },
  {
    name: 'a large truncated PNG (ranged read)',
    photo: () => {
      const p = largePng(LARGE);
      return p.subarray(0, p.length - 12);
    },
    declared: ['image/png'],
  },
  {
    name: 'a large truncated WebP (ranged read)',
    photo: () => {
      const p = largeWebp(LARGE);
      return p.subarray(0, p.length - 1000);
    },
    declared: ['image/webp'],
  },
  { name: 'a JPEG with a malformed marker', photo: () => jpegBadMarker },
  {
    name: 'a PNG pixel bomb',
    photo: () => craftedPng(10_000, 5_000),
    declared: ['image/png'],
  },
  { name: 'a JPEG pixel bomb', photo: () => craftedJpeg(65_000, 65_000) },
  {
    name: 'a WebP pixel bomb',
    photo: () => craftedWebpVp8x(16_000, 16_000),
    declared: ['image/webp'],
  },
  {
    name: 'a large PNG pixel bomb (ranged read)',
    photo: () => {
      const p = largePng(LARGE);
      p.writeUInt32BE(20_000, 16);
      p.writeUInt32BE(20_000, 20);
      return p;
    },
    declared: ['image/png'],
  },
  {
    name: 'a photo over the size limit',
    photo: () => fixtures.knightJpg(),
    videogen: { limits: { maxPhotoBytes: 10_000 } },
  },
  {
    name: 'a script that is not UTF-8',
    photo: () => fixtures.knightJpg(),
    script: () => Buffer.from([0x48, 0xe9, 0x6c, 0x6c, 0x6f]),
  },
  {
    name: 'an empty script',
    photo: () => fixtures.knightJpg(),
    script: () => Buffer.from(' \r\n\t '),
  },
  {
    name: 'a script over the length limit',
    photo: () => fixtures.knightJpg(),
    script: () => Buffer.from('a'.repeat(101)),
    videogen: { limits: { maxScriptCharacters: 100 } },
  },
  {
    name: 'a script far over the length limit',
    photo: () => fixtures.knightJpg(),
    script: () => Buffer.from('b'.repeat(200_000)),
    videogen: { limits: { maxScriptCharacters: 100 } },
  },
  {
    name: 'a script with a control character',
    photo: () => fixtures.knightJpg(),
    script: () => Buffer.from('Ring\u0007 the bell.'),
  },
  {
    name: 'a script with an escape sequence',
    photo: () => fixtures.knightJpg(),
    script: () => Buffer.from('Red \u001b[31m alert.'),
  },
  {
    name: 'an unknown environment',
    photo: () => fixtures.knightJpg(),
    environment: 'nowhere',
  },
];

/** Every file below a directory, hidden staging folders included. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => entry.name);
}

/** What a browser sends as the script: normalised when it is text at all. */
function sentScript(bytes: Buffer): Buffer {
  try {
    return browserScript(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    );
  } catch {
    return bytes;
  }
}

describe('bad inputs: the multipart route and the direct flow refuse them alike', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let backend: { server: http.Server; stop(): Promise<void> } | undefined;

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  async function start(
    databaseId: Parameters<typeof databases.init>[0],
    videogen: Record<string, unknown> = {},
  ) {
    const knex: Knex = await databases.init(databaseId);
    const dataDir = tempDir();
    const started = await startTestBackend({
      features: [
        videogenPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            videogen: {
              dataDir,
              generator: { version: 'test-1' },
              queue: { local: { workers: 0 } },
              ...videogen,
            },
          },
        }),
      ],
    });
    backend = started as typeof backend;
    const nothingLeft = async () => {
      const count = async (table: string) =>
        Number((await knex(table).count({ n: '*' }))[0].n);
      expect(filesUnder(path.join(dataDir, 'storage'))).toEqual([]);
      expect({
        uploads: await count('videogen_uploads'),
        videos: await count('videogen_videos'),
      }).toEqual({ uploads: 0, videos: 0 });
    };
    return { server: started.server as http.Server, nothingLeft };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('accepts large well-formed photos checked by ranged reads, with the facts the multipart route finds', async () => {
      const { server } = await start(databaseId);
      for (const [photo, type] of [
        [largeJpeg(LARGE), 'image/jpeg'],
        [largePng(LARGE), 'image/png'],
        [largeWebp(LARGE), 'image/webp'],
      ] as const) {
        const { final } = await directUploadLocal(server, {
          photo,
          script: HELLO(),
          photoType: type,
        });
        expect(final.status).toBe(202);
        const { body, contentType } = multipart(
          uploadParts({ photo, script: HELLO() }),
        );
        const again = await request(server)
          .post('/api/videogen/videos')
          .set('Content-Type', contentType)
          .send(body);
        expect(again.status).toBe(200);
        expect(again.body.videoId).toBe(final.body.videoId);
      }
    });

    it.each(cases.map(c => [c.name, c] as const))('%s', async (_name, c) => {
      const { server, nothingLeft } = await start(databaseId, c.videogen);
      const photo = c.photo();
      const script = (c.script ?? HELLO)();
      const environment = c.environment ?? 'local';

      const { body, contentType } = multipart(
        uploadParts({ photo, script, environment }),
      );
      const viaMultipart = await request(server)
        .post('/api/videogen/videos')
        .set('Content-Type', contentType)
        .send(body);
      expect(viaMultipart.status).toBeGreaterThanOrEqual(400);
      expect(viaMultipart.status).toBeLessThan(500);
      await nothingLeft();

      for (const photoType of c.declared ?? ['image/jpeg']) {
        const { final } = await directUploadLocal(server, {
          photo,
          script: sentScript(script),
          photoType,
          environment,
        });
        expect({
          declared: photoType,
          status: final.status,
          message: final.body.error?.message,
        }).toEqual({
          declared: photoType,
          status: viaMultipart.status,
          message: viaMultipart.body.error.message,
        });
        await nothingLeft();
      }
    });
  });
});
