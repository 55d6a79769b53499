import { TestDatabases } from '@backstage/backend-test-utils';
import { createHarness, Harness } from './__testUtils__/harness';
import { joinLogChunks, RunLog } from './RunLog';
import { SecretScrubber } from '../terraform/output';

jest.setTimeout(60_000);

describe('RunLog', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let harness: Harness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function runRow(h: Harness) {
    await h.createEnvironment('logs');
    return h.runs.insert({
      id: '00000000-0000-4000-8000-0000000000aa',
      environment: 'logs',
      operation: 'plan',
      requestedBy: 'user:default/ada',
      options: {},
      owner: 'test:1',
    });
  }

  it.each(databases.eachSupportedId())(
    'keeps the head and the tail of a long log and notes what it dropped on %p',
    async databaseId => {
      harness = await createHarness(await databases.init(databaseId));
      const run = await runRow(harness);
      const log = new RunLog(harness.runs, run.id, {
        maxBytes: 8192,
        scrubber: new SecretScrubber([]),
      });
      const lines = Array.from(
        { length: 2000 },
        (_, i) => `line ${String(i).padStart(4, '0')} \u001b[32mgreen\u001b[0m`,
      );
      for (const line of lines) log.line(line);
      await log.close();

      const stored = await harness.runs.fullLog(run.id);
      expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(
        8192 + 8192 / 2 / 8,
      );
      const fullLength = lines.reduce(
        (n, l) =>
          n +
          l.replaceAll('\u001b[32m', '').replaceAll('\u001b[0m', '').length +
          1,
        0,
      );
      const record = await harness.runs.get(run.id);
      expect(record?.logSize).toBe(fullLength);

      const read = await harness.engine.readLog(run.id, 0);
      expect(read.text.startsWith('line 0000 green\nline 0001 green\n')).toBe(
        true,
      );
      expect(read.text.endsWith('line 1999 green\n')).toBe(true);
      expect(read.text).toMatch(
        /\n\[videogen: \d+ characters of this log were dropped to keep it within videogen\.terraform\.maxLogBytes\]\n/,
      );
      expect(read.text).not.toContain('\u001b');
      expect(read.nextOffset).toBe(fullLength);

      // Reading from an offset continues exactly there.
      const part = await harness.engine.readLog(run.id, 5);
      expect(part.text.startsWith('0000 green\n')).toBe(true);
    },
  );

  it('returns a long-polled log as soon as a line arrives', async () => {
    harness = await createHarness(await databases.init('SQLITE_3'));
    const h = harness;
    const run = await runRow(h);
    const log = new RunLog(h.runs, run.id, {
      maxBytes: 1024 * 1024,
      scrubber: new SecretScrubber(['hunter22']),
      // No wake-up call: the reader finds the line by polling the
      // database, as it does when another replica writes the log.
    });

    const started = Date.now();
    const waiting = h.engine.readLog(run.id, 0, 10);
    setTimeout(() => log.line('password hunter22 accepted'), 300);
    const chunk = await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(chunk).toMatchObject({
      offset: 0,
      text: 'password *** accepted\n',
      nextOffset: 'password *** accepted\n'.length,
      complete: false,
      status: 'PENDING',
    });

    // Nothing new: the long-poll ends at its deadline with no text.
    const before = Date.now();
    const empty = await h.engine.readLog(run.id, chunk.nextOffset, 1);
    expect(Date.now() - before).toBeGreaterThanOrEqual(900);
    expect(empty).toMatchObject({ text: '', complete: false });
  });

  it('joins chunks from an offset and marks gaps', () => {
    expect(
      joinLogChunks(
        [
          { startOffset: 0, endOffset: 6, text: 'hello\n' },
          { startOffset: 20, endOffset: 26, text: 'world\n' },
        ],
        2,
      ),
    ).toEqual({
      text: 'llo\n[videogen: 14 characters of this log were dropped to keep it within videogen.terraform.maxLogBytes]\nworld\n',
      nextOffset: 26,
    });
    expect(joinLogChunks([], 7)).toEqual({ text: '', nextOffset: 7 });
  });
});
