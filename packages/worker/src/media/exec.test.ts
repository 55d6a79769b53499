import {
  ExecError,
  execFile,
  lastMeaningfulLine,
  mentionsNoSpace,
} from './exec';

describe('lastMeaningfulLine', () => {
  it('skips ffmpeg summaries and names the component', () => {
    const stderr = [
      '[libx264 @ 0x55d0c8a0b2c0] using cpu capabilities: none!',
      '[Parsed_drawtext_1 @ 0x5600aa] Cannot find a valid font for the family Sans',
      'Error while filtering: Invalid argument',
      'Conversion failed!',
      '',
    ].join('\n');
    expect(lastMeaningfulLine(stderr)).toBe(
      'Parsed_drawtext_1: Cannot find a valid font for the family Sans',
    );
    expect(lastMeaningfulLine('')).toBe('');
  });

  it('recognises a full disk', () => {
    expect(
      mentionsNoSpace('av_interleaved_write_frame(): No space left on device'),
    ).toBe(true);
    expect(mentionsNoSpace('Invalid data found')).toBe(false);
  });
});

describe('execFile', () => {
  it('passes arguments verbatim, without a shell', async () => {
    const hostile = `$(echo pwned) ; rm -rf / "quoted" 'single' \\`;
    const { stdout } = await execFile(
      process.execPath,
      ['-e', 'process.stdout.write(process.argv[1])', hostile],
      {
        captureStdout: true,
      },
    );
    expect(stdout.toString()).toBe(hostile);
  });

  it('reports exit codes, stderr and missing programs', async () => {
    await expect(
      execFile(process.execPath, [
        '-e',
        'console.error("boom"); process.exit(3)',
      ]),
    ).rejects.toMatchObject({ exitCode: 3, stderr: 'boom\n' });
    const missing = execFile('/nonexistent/ffmpeg', []);
    await expect(missing).rejects.toBeInstanceOf(ExecError);
    await expect(missing).rejects.toMatchObject({ spawnErrorCode: 'ENOENT' });
  });

  it('kills the child when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = execFile(
      process.execPath,
      ['-e', 'setTimeout(() => {}, 60000)'],
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 100);
    await expect(run).rejects.toMatchObject({ kind: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
