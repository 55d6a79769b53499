import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isOrphanedWorker, reapOrphanedWorkers } from './orphanedWorkers';

const PREFIX = 'file:///data/a/storage/videos/';

function fakeProc(
  processes: Array<{ pid: number; ppid: number; pgid: number; argv: string[] }>,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-proc-'));
  for (const p of processes) {
    fs.mkdirSync(path.join(dir, String(p.pid)));
    fs.writeFileSync(
      path.join(dir, String(p.pid), 'stat'),
      `${p.pid} (node (x)) S ${p.ppid} ${p.pgid} 0 0`,
    );
    fs.writeFileSync(
      path.join(dir, String(p.pid), 'cmdline'),
      `${p.argv.join('\0')}\0`,
    );
  }
  return dir;
}

const render = (out: string) => [
  'node',
  '/x/bin/videogen-worker',
  'render',
  '--photo',
  'file:///p',
  '--out',
  out,
  '--lease-stdin',
];

describe('reapOrphanedWorkers', () => {
  it('kills the process groups of renders of this data directory whose backend is gone, and logs each', async () => {
    const procDir = fakeProc([
      { pid: 100, ppid: 1, pgid: 100, argv: render(`${PREFIX}v1/`) },
      // A live backend's render, another data directory, not a render.
      { pid: 101, ppid: 55, pgid: 101, argv: render(`${PREFIX}v2/`) },
      {
        pid: 102,
        ppid: 1,
        pgid: 102,
        argv: render('file:///data/b/storage/videos/v3/'),
      },
      {
        pid: 103,
        ppid: 1,
        pgid: 103,
        argv: ['node', 'server.js', '--out', PREFIX],
      },
    ]);
    const kill = jest.fn();
    const logger = mockServices.logger.mock();
    const killed = await reapOrphanedWorkers({
      outputPrefix: PREFIX,
      logger,
      procDir,
      kill,
    });
    expect(killed).toEqual([100]);
    expect(kill).toHaveBeenCalledWith(-100, 'SIGKILL');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('pid 100'),
    );
  });

  it('never takes its own children for orphans', () => {
    expect(
      isOrphanedWorker(
        { pid: 7, ppid: 1, pgid: 7, argv: render(`${PREFIX}v/`) },
        PREFIX,
        1,
      ),
    ).toBe(false);
  });
});
