import { CliCommand, USAGE, parseArgs } from './args';
import {
  CancelledError,
  EXIT_CODES,
  ProcessingError,
  WorkerError,
  oneLine,
} from './errors';
import { ProgressEvent } from './progress';
import { generateVideo, removeWorkDirsNow } from './render/generate';
import { GENERATOR_VERSION } from './version';

const PREFIX = 'videogen-worker:';

function writeLine(stream: NodeJS.WriteStream, line: string): Promise<void> {
  return new Promise(resolve => {
    // A closed pipe (the queue went away) must not crash the worker.
    if (!stream.writable) {
      resolve();
      return;
    }
    stream.write(`${line}\n`, () => resolve());
  });
}

function failureLine(error: unknown): { line: string; code: number } {
  if (error instanceof WorkerError) {
    return {
      line: `${PREFIX} ${oneLine(error.message)}`,
      code: error.exitCode,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    line: `${PREFIX} internal error: ${oneLine(message)}`,
    code: EXIT_CODES.processing,
  };
}

/** How long cleanup after SIGTERM/SIGINT may take before the worker ends itself. */
const CLEANUP_GRACE_MS = 15_000;

/**
 * Ends the process now, even if a libuv pool thread is stuck in a blocking
 * system call (an open() that waits, a hung network file system).
 * process.exit() cannot be trusted then: libuv joins its pool threads while
 * the process exits, and that join never returns. A signal with its default
 * action is handled by the kernel, so re-raising the one we received ends the
 * process at once, with the status a shell reports as 128 + signal number
 * (143 for SIGTERM, 130 for SIGINT).
 */
function terminateBySignal(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  // Not reached: a signal sent to the calling process is delivered before
  // kill() returns. Should it somehow be held back, SIGKILL cannot be.
  process.kill(process.pid, 'SIGKILL');
}

/**
 * Runs the CLI and resolves with the exit code. Installs SIGTERM/SIGINT
 * handlers for the duration of a render: the local queue cancels a job by
 * SIGTERM, Kubernetes stops a pod the same way.
 *
 * @public
 */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  // Node and SDK warnings would break the "one line on stderr" contract.
  if (!/^(1|true|yes)$/i.test(env.VIDEOGEN_DEBUG ?? '')) {
    process.removeAllListeners('warning');
  }

  let command: CliCommand;
  try {
    command = parseArgs(argv, env);
  } catch (error) {
    const { line, code } = failureLine(error);
    await writeLine(process.stderr, line);
    return code;
  }
  if (command.kind === 'help') {
    await writeLine(process.stdout, USAGE.trimEnd());
    return EXIT_CODES.ok;
  }
  if (command.kind === 'version') {
    await writeLine(process.stdout, GENERATOR_VERSION);
    return EXIT_CODES.ok;
  }

  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      return;
    }
    const code = signal === 'SIGINT' ? EXIT_CODES.sigint : EXIT_CODES.sigterm;
    controller.abort(new CancelledError(`cancelled by ${signal}`, code));
    // Cleanup is quick (kill children, remove temp files); never hang on it.
    setTimeout(() => {
      process.stderr.write(
        `${PREFIX} cancelled by ${signal} (cleanup timed out)\n`,
      );
      removeWorkDirsNow();
      terminateBySignal(signal);
    }, CLEANUP_GRACE_MS).unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // A bug must still end in one stderr line and a clean temp directory:
  // abort the job (which cleans up) instead of dying with a stack trace.
  const onFatal = (error: unknown) => {
    if (!controller.signal.aborted) {
      const message = error instanceof Error ? error.message : String(error);
      controller.abort(new ProcessingError(`internal error: ${message}`));
    }
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  // The kernel closes our end of the pipe when the parent dies, even by
  // SIGKILL, so a render never outlives the process that holds its lease.
  const onLeaseEnded = () => {
    if (!controller.signal.aborted) {
      controller.abort(
        new CancelledError(
          'cancelled: the job lease ended (standard input closed), nothing was published',
        ),
      );
    }
  };
  if (command.leaseStdin) {
    process.stdin.on('end', onLeaseEnded);
    process.stdin.on('close', onLeaseEnded);
    process.stdin.on('error', onLeaseEnded);
    process.stdin.resume();
  }

  try {
    const result = await generateVideo({
      photoUri: command.photoUri,
      scriptUri: command.scriptUri,
      outputUri: command.outputUri,
      concurrency: command.concurrency,
      signal: controller.signal,
      env,
      onProgress: (event: ProgressEvent) => {
        process.stdout.write(`${JSON.stringify(event)}\n`);
      },
    });
    await writeLine(
      process.stdout,
      JSON.stringify({
        event: 'done',
        ...result,
        outputUri: command.outputUri,
      }),
    );
    return EXIT_CODES.ok;
  } catch (error) {
    const { line, code } = failureLine(error);
    await writeLine(process.stderr, line);
    return code;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
    if (command.leaseStdin) {
      process.stdin.off('end', onLeaseEnded);
      process.stdin.off('close', onLeaseEnded);
      process.stdin.off('error', onLeaseEnded);
      process.stdin.pause();
    }
  }
}
