import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { checkPrerequisites } from './checks';

describe('checkPrerequisites', () => {
  let bin: string;
  let font: string;
  beforeEach(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-prereq-'));
    for (const program of ['terraform', 'ffmpeg', 'ffprobe', 'espeak-ng']) {
      fs.writeFileSync(path.join(bin, program), '#!/bin/sh\n', {
        mode: 0o755,
      });
    }
    // A real TTF: the check uses the generator's own font lookup.
    font = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  });
  afterEach(() => fs.rmSync(bin, { recursive: true, force: true }));

  const env = (extra: NodeJS.ProcessEnv = {}) => ({
    PATH: bin,
    VIDEOGEN_FONT: font,
    ...extra,
  });

  it('finds every program on PATH and the caption font', async () => {
    const checks = await checkPrerequisites(new ConfigReader({}), env());
    expect(checks.map(c => [c.name, c.ok])).toEqual([
      ['terraform', true],
      ['ffmpeg', true],
      ['ffprobe', true],
      ['espeak-ng', true],
      ['font', true],
    ]);
  });

  it('names what is missing and what to install', async () => {
    fs.rmSync(path.join(bin, 'terraform'));
    fs.chmodSync(path.join(bin, 'espeak-ng'), 0o644); // not executable
    const checks = await checkPrerequisites(
      new ConfigReader({}),
      env({ VIDEOGEN_FONT: path.join(bin, 'missing.ttf') }),
    );
    const failed = checks.filter(c => !c.ok);
    expect(failed.map(c => c.name)).toEqual(['terraform', 'espeak-ng', 'font']);
    expect(failed[0]).toMatchObject({
      message: expect.stringContaining('Terraform runs'),
      install: expect.stringContaining('videogen.terraform.binary'),
    });
    expect(failed[1].install).toMatch(/apt-get install espeak-ng/);
    expect(failed[2].install).toMatch(/fonts-dejavu-core/);
  });

  it('honours the configured terraform binary and the worker tool overrides', async () => {
    const custom = path.join(bin, 'tf-1.10');
    fs.renameSync(path.join(bin, 'terraform'), custom);
    fs.renameSync(path.join(bin, 'ffmpeg'), path.join(bin, 'my-ffmpeg'));
    const checks = await checkPrerequisites(
      new ConfigReader({ videogen: { terraform: { binary: custom } } }),
      env({ VIDEOGEN_FFMPEG: 'my-ffmpeg' }),
    );
    expect(checks.every(c => c.ok)).toBe(true);
  });

  it('checks only terraform where no video is rendered (aws mode, or no local workers)', async () => {
    for (const videogen of [
      { mode: 'aws' },
      { queue: { local: { workers: 0 } } },
    ]) {
      const checks = await checkPrerequisites(new ConfigReader({ videogen }), {
        PATH: '',
      });
      expect(checks.map(c => [c.name, c.ok])).toEqual([['terraform', false]]);
    }
  });
});
