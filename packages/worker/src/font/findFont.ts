import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ProcessingError } from '../errors';
import { FontMetrics, parseFont } from './ttf';

export interface CaptionFont {
  path: string;
  metrics: FontMetrics;
}

const FONT_NAME = 'DejaVuSans.ttf';
const FONT_ROOT = '/usr/share/fonts';
// Where Debian, Fedora and Arch put it, checked before walking the tree.
const KNOWN_PATHS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

async function isFile(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isFile();
  } catch {
    return false;
  }
}

async function walk(dir: string, depth: number): Promise<string | undefined> {
  if (depth < 0) {
    return undefined;
  }
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  // Sorted so the choice never depends on directory order (determinism).
  // Names in one directory are unique, so two outcomes suffice.
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  const hit = entries.find(
    e => e.name === FONT_NAME && (e.isFile() || e.isSymbolicLink()),
  );
  if (hit) {
    return join(dir, hit.name);
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      const found = await walk(join(dir, entry.name), depth - 1);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

/**
 * Finds DejaVu Sans (wide Unicode coverage: Latin, Greek, Cyrillic, Arabic,
 * Hebrew, ...) at runtime; VIDEOGEN_FONT overrides it with any TTF/OTF.
 */
export async function findCaptionFont(
  env: NodeJS.ProcessEnv,
): Promise<CaptionFont> {
  let path: string | undefined = env.VIDEOGEN_FONT?.trim() || undefined;
  if (path) {
    if (!(await isFile(path))) {
      throw new ProcessingError(
        `caption font VIDEOGEN_FONT=${path} does not exist`,
      );
    }
  } else {
    for (const candidate of KNOWN_PATHS) {
      if (await isFile(candidate)) {
        path = candidate;
        break;
      }
    }
    path ??= await walk(FONT_ROOT, 4);
  }
  if (!path) {
    throw new ProcessingError(
      `no caption font: ${FONT_NAME} not found under ${FONT_ROOT} (install fonts-dejavu-core or set VIDEOGEN_FONT)`,
    );
  }
  try {
    return { path, metrics: parseFont(await fs.readFile(path)) };
  } catch (error) {
    throw new ProcessingError(
      `caption font ${path} is unusable: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}
