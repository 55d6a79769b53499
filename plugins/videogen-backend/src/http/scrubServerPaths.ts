import os from 'node:os';
import path from 'node:path';

// First segments of absolute paths on a server: the usual roots, and the
// roots of where this process actually runs (its directory, home, temp).
const COMMON_ROOTS = [
  'app',
  'bin',
  'build',
  'data',
  'dev',
  'etc',
  'home',
  'lib',
  'mnt',
  'nix',
  'opt',
  'private',
  'proc',
  'root',
  'run',
  'srv',
  'sys',
  'tmp',
  'Users',
  'usr',
  'var',
  'work',
  'workspace',
];

function firstSegment(dir: string): string | undefined {
  return path.resolve(dir).split(path.sep).filter(Boolean)[0];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const roots = new Set(
  [
    ...COMMON_ROOTS,
    firstSegment(process.cwd()),
    firstSegment(os.homedir()),
    firstSegment(os.tmpdir()),
    firstSegment(process.execPath),
  ].filter((root): root is string => Boolean(root)),
);

// file:// URIs, Windows drive paths, and absolute POSIX paths that start at
// one of the roots above; API paths (/videos/...) are left alone.
const SERVER_PATH = new RegExp(
  [
    String.raw`file:\/\/[^\s'"),;]*`,
    String.raw`\b[A-Za-z]:\\[^\s'"),;]*`,
    String.raw`(?<![\w.~:/-])\/(?:${[...roots]
      .map(escape)
      .join('|')})(?![^\s/'"),;:])(?:\/[^\s'"),;:]*)?(?::\d+(?::\d+)?)?`,
  ].join('|'),
  'g',
);

/**
 * A message with the server's file paths (and file URIs) replaced by
 * `[path]`: an API answer never tells where the server keeps its files or
 * its code. The log keeps the original.
 */
export function scrubServerPaths(message: string): string {
  return message.replace(SERVER_PATH, '[path]');
}

/** Whether a text names a path of this server (for tests and checks). */
export function containsServerPath(text: string): boolean {
  SERVER_PATH.lastIndex = 0;
  const found = SERVER_PATH.test(text);
  SERVER_PATH.lastIndex = 0;
  return found;
}
