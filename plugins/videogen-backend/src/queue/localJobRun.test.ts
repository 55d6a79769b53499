import { generatorFailure } from './localJobRun';

describe('generatorFailure', () => {
  const exit = { code: 1, signal: null, stderr: '' };

  it("uses the generator's reason and retries a processing failure", () => {
    expect(
      generatorFailure({
        ...exit,
        stderr: 'noise\nvideogen-worker: the face was not found\n',
      }),
    ).toEqual({ reason: 'the face was not found', retryable: true });
  });

  it('never retries bad input (exit 2)', () => {
    expect(generatorFailure({ ...exit, code: 2 })).toEqual({
      reason: 'The generator exited with code 2.',
      retryable: false,
    });
  });

  it('names the signal that stopped the generator', () => {
    expect(
      generatorFailure({ ...exit, code: null, signal: 'SIGKILL' }).reason,
    ).toBe('The generator was stopped by SIGKILL.');
  });

  it('never retries a generator that cannot be started', () => {
    const spawnError = Object.assign(new Error('spawn failed'), {
      code: 'ENOENT',
    });
    expect(generatorFailure({ ...exit, code: null, spawnError })).toEqual({
      reason:
        'The generator could not be started (ENOENT); check videogen.worker.command.',
      retryable: false,
    });
  });
});
