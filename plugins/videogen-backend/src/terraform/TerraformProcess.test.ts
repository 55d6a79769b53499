import { TerraformProcess } from './TerraformProcess';

describe('TerraformProcess', () => {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

  it('delivers lines as they arrive, across chunk boundaries and line endings', async () => {
    const lines: string[] = [];
    const child = TerraformProcess.start({
      binary: 'sh',
      args: ['-c', 'printf "one\\ntw"; sleep 0.1; printf "o\\r\\nthree"; echo oops >&2'],
      cwd: '/',
      env,
      onLine: line => lines.push(line),
    });
    const exit = await child.exited;
    expect(exit).toMatchObject({ exitCode: 0, signal: null });
    expect(lines.sort()).toEqual(['one', 'oops', 'three', 'two'].sort());
    expect(child.isRunning).toBe(false);
  });

  it('runs argv without a shell', async () => {
    const lines: string[] = [];
    const exit = await TerraformProcess.start({
      binary: 'echo',
      args: ['$HOME', '; rm -rf /', '`id`'],
      cwd: '/',
      env,
      onLine: line => lines.push(line),
    }).exited;
    expect(exit.exitCode).toBe(0);
    expect(lines).toEqual(['$HOME ; rm -rf / `id`']);
  });

  it('captures stdout when asked to', async () => {
    const lines: string[] = [];
    const exit = await TerraformProcess.start({
      binary: 'sh',
      args: ['-c', 'echo \'{"a":1}\'; echo warning >&2'],
      cwd: '/',
      env,
      captureStdout: true,
      onLine: line => lines.push(line),
    }).exited;
    expect(exit.stdout).toBe('{"a":1}\n');
    expect(lines).toEqual(['warning']);
  });

  it('sends exactly one SIGINT, however often it is asked to', async () => {
    const lines: string[] = [];
    // Counts the SIGINTs it gets and exits 1 after a moment of quiet.
    const script = [
      'n=0',
      'trap \'n=$((n+1)); echo "INT $n"\' INT',
      'echo ready',
      'i=0; while [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); if [ $n -gt 0 ] && [ $i -gt 15 ]; then exit 1; fi; done',
    ].join('\n');
    const child = TerraformProcess.start({
      binary: 'sh',
      args: ['-c', script],
      cwd: '/',
      env,
      onLine: line => lines.push(line),
    });
    while (!lines.includes('ready')) await new Promise(r => setTimeout(r, 20));
    expect(child.interrupt()).toBe(true);
    expect(child.interrupt()).toBe(false);
    expect(child.interrupt()).toBe(false);
    const exit = await child.exited;
    expect(exit.exitCode).toBe(1);
    expect(lines.filter(l => l.startsWith('INT'))).toEqual(['INT 1']);
    expect(child.wasInterrupted).toBe(true);
    // After the exit there is nothing left to signal.
    expect(child.interrupt()).toBe(false);
  });

  it('reports a binary that cannot be started', async () => {
    const exit = await TerraformProcess.start({
      binary: '/nonexistent/terraform',
      args: ['version'],
      cwd: '/',
      env,
      onLine: () => {},
    }).exited;
    expect(exit.exitCode).toBeNull();
    expect(exit.spawnError?.message).toMatch(/ENOENT/);
  });
});
