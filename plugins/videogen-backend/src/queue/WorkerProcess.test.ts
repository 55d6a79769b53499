import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { failureReasonFromStderr, WorkerProcess } from './WorkerProcess';

describe('failureReasonFromStderr', () => {
  it("takes the generator's last videogen-worker line without its prefix", () => {
    expect(
      failureReasonFromStderr(
        'some warning\nvideogen-worker: the photo could not be decoded\n',
      ),
    ).toBe('the photo could not be decoded');
    expect(
      failureReasonFromStderr(
        'videogen-worker: first\nnoise after it\nvideogen-worker: second\n',
      ),
    ).toBe('second');
  });

  it('falls back to the last line, and to nothing for an empty stderr', () => {
    expect(failureReasonFromStderr('Segmentation fault\n')).toBe(
      'Segmentation fault',
    );
    expect(failureReasonFromStderr('\n \n')).toBeUndefined();
  });

  it('redacts secret-looking text and bounds the length', () => {
    expect(
      failureReasonFromStderr(
        'videogen-worker: denied for ASIAABCDEFGHIJKLMNOP with password=hunter2 and Bearer abc.def',
      ),
    ).toBe(
      'denied for [redacted key id] with password=[redacted] and Bearer [redacted]',
    );
    expect(
      failureReasonFromStderr(`videogen-worker: ${'x'.repeat(2000)}`)!.length,
    ).toBe(500);
  });
});

describe('WorkerProcess', () => {
  it('reports progress lines, the exit code and the stderr tail', async () => {
    const stages: string[] = [];
    const worker = new WorkerProcess({
      command: [process.execPath, '-e'],
      args: [
        'console.log(JSON.stringify({event:"progress",stage:"render"}));console.log("not json");console.error("videogen-worker: boom");process.exit(1)',
      ],
      env: {},
      onProgress: event => stages.push(String(event.stage)),
    });
    const exit = await worker.exited;
    expect(exit).toMatchObject({ code: 1, signal: null });
    expect(failureReasonFromStderr(exit.stderr)).toBe('boom');
    expect(stages).toEqual(['render']);
  });

  it('reports a program that cannot be started', async () => {
    const worker = new WorkerProcess({
      command: ['/nonexistent/program'],
      args: [],
      env: {},
    });
    const exit = await worker.exited;
    expect(exit.spawnError).toBeDefined();
    expect(exit.code).toBeNull();
  });
});

describe('WorkerProcess lease pipe', () => {
  it('ends a --lease-stdin render when the lease is released, publishing nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-lease-'));
    fs.writeFileSync(path.join(dir, 'photo.jpg'), 'x');
    fs.writeFileSync(path.join(dir, 'script.txt'), 'Hello.');
    const out = path.join(dir, 'videos', 'v1');
    const worker = new WorkerProcess({
      command: [
        process.execPath,
        path.resolve(__dirname, '__fixtures__/fake-worker.js'),
        '--hang',
      ],
      args: [
        'render',
        '--photo',
        pathToFileURL(path.join(dir, 'photo.jpg')).href,
        '--script',
        pathToFileURL(path.join(dir, 'script.txt')).href,
        '--out',
        `${pathToFileURL(out).href}/`,
        '--lease-stdin',
      ],
      leaseStdin: true,
      env: { PATH: process.env.PATH ?? '' },
      onProgress: () => worker.releaseLease(),
    });

    const exit = await worker.exited;

    expect(exit.code).toBe(1);
    expect(failureReasonFromStderr(exit.stderr)).toMatch(/lease ended/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
