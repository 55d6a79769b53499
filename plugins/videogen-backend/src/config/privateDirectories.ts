import { Config } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { readDataDir } from './shared';

const SQLITE_CLIENTS = ['better-sqlite3', 'sqlite3'];

/**
 * The directories that hold secrets in clear: `videogen.dataDir` (uploads,
 * Terraform working directories and state) and, with SQLite, the database
 * directory (`backend.database.connection.directory`, and per-plugin
 * overrides), where a scaffolder task's secrets sit in a file.
 */
export function privateDirectories(
  config: Config,
  options: { cwd?: string } = {},
): string[] {
  const cwd = options.cwd ?? process.cwd();
  const dirs = [readDataDir(config, { cwd })];
  const database = config.getOptionalConfig('backend.database');
  const sqliteDirectory = (db: Config | undefined, client?: string) => {
    if (!db || !SQLITE_CLIENTS.includes(client ?? '')) {
      return;
    }
    const directory = db.getOptionalString('connection.directory');
    if (directory) {
      dirs.push(path.resolve(cwd, directory));
    }
  };
  const mainClient = database?.getOptionalString('client');
  sqliteDirectory(database, mainClient);
  const plugins = database?.getOptionalConfig('plugin');
  for (const pluginId of plugins?.keys() ?? []) {
    const plugin = plugins!.getConfig(pluginId);
    sqliteDirectory(plugin, plugin.getOptionalString('client') ?? mainClient);
  }
  return [...new Set(dirs)];
}

/**
 * Creates each directory readable by the backend's user only (0700), and
 * takes group and world access away from one that exists, so that nobody
 * else on the host reads the SQLite files or the data inside.
 */
export async function ensurePrivateDirectories(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.promises.chmod(dir, 0o700);
  }
}
