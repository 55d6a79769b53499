import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { createWorkDir, releaseWorkDir, removeWorkDirsNow } from './workDirs';

let root: string;

beforeEach(async () => {
  root = await fs.mkdtemp(join(os.tmpdir(), 'workdirs-test-'));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('work directories', () => {
  it('are made below VIDEOGEN_TMPDIR and removed when released', async () => {
    const work = await createWorkDir({ VIDEOGEN_TMPDIR: ` ${root} ` });
    expect(dirname(work)).toBe(root);
    await fs.writeFile(join(work, 'f'), 'x');
    await releaseWorkDir(work, {}, []);
    expect(existsSync(work)).toBe(false);
  });

  it('are kept, with the commands run, under VIDEOGEN_KEEP_WORKDIR', async () => {
    const env = { VIDEOGEN_TMPDIR: root, VIDEOGEN_KEEP_WORKDIR: 'yes' };
    const work = await createWorkDir(env);
    const commands = [{ program: 'ffmpeg', args: ['-version'] }];
    await releaseWorkDir(work, env, commands);
    expect(
      JSON.parse(await fs.readFile(join(work, 'commands.json'), 'utf8')),
    ).toEqual(commands);
    removeWorkDirsNow();
    expect(existsSync(work)).toBe(true);
  });

  it('of unfinished renders can be removed at once, synchronously', async () => {
    const a = await createWorkDir({ VIDEOGEN_TMPDIR: root });
    const b = await createWorkDir({ VIDEOGEN_TMPDIR: root });
    removeWorkDirsNow();
    expect(existsSync(a)).toBe(false);
    expect(existsSync(b)).toBe(false);
  });

  it('report a temp root that cannot be used', async () => {
    const missing = join(root, 'missing');
    await expect(createWorkDir({ VIDEOGEN_TMPDIR: missing })).rejects.toThrow(
      `cannot create a temporary directory in ${missing}: `,
    );
  });
});
