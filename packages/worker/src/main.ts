import { runCli } from './cli';

// The CLI entry when run from source (bin/videogen-worker without dist/).
// process.exit rather than exitCode: a lingering socket or timer in a
// dependency must not keep a finished job alive.
runCli(process.argv.slice(2)).then(
  code => process.exit(code),
  error => {
    process.stderr.write(
      `videogen-worker: internal error: ${String(error).split('\n')[0]}\n`,
    );
    process.exit(1);
  },
);
