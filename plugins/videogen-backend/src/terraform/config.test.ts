import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readPluginCacheDir, readTerraformSettings } from './config';

describe('readTerraformSettings', () => {
  it('resolves paths against the working directory and fills in defaults', () => {
    const settings = readTerraformSettings(
      new ConfigReader({
        videogen: {
          dataDir: '../../.data',
          queue: { local: { workers: 3 } },
          terraform: {
            environmentsDir: '../../terraform/environments',
            cliConfigFile: '../../terraform/cli.tfrc',
            secretVariables: { db_password: 'long-enough' },
            driftCheckInterval: { hours: 6 },
          },
        },
      }),
      { cwd: '/repo/packages/backend' },
    );
    expect(settings).toMatchObject({
      binary: 'terraform',
      dataDir: '/repo/.data',
      environmentsDir: '/repo/terraform/environments',
      cliConfigFile: '/repo/terraform/cli.tfrc',
      lockTimeoutSeconds: 30,
      localWorkerSlots: 3,
      maxLogBytes: 1024 * 1024,
      secretVariables: { db_password: 'long-enough' },
      driftCheckInterval: { hours: 6 },
      drainTimeoutSeconds: 300,
      terminateRunningJobs: false,
    });
  });

  it('reads the lock and drain timeouts as durations', () => {
    const settings = readTerraformSettings(
      new ConfigReader({
        videogen: {
          terraform: { lockTimeout: '1m', drainTimeout: { minutes: 2 } },
        },
      }),
      { cwd: '/srv' },
    );
    expect(settings.lockTimeoutSeconds).toBe(60);
    expect(settings.drainTimeoutSeconds).toBe(120);
    expect(() =>
      readTerraformSettings(
        new ConfigReader({ videogen: { terraform: { lockTimeout: 30 } } }),
        { cwd: '/srv' },
      ),
    ).toThrow(/lockTimeout/);
  });

  it('turns the drift check off with false and warns about short secrets', () => {
    const warn = jest.fn();
    const settings = readTerraformSettings(
      new ConfigReader({
        videogen: {
          terraform: {
            driftCheckInterval: false,
            secretVariables: { pin: '123' },
          },
        },
      }),
      { cwd: '/srv', warn },
    );
    expect(settings.driftCheckInterval).toBeUndefined();
    expect(settings.dataDir).toBe('/srv/.data');
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/secretVariables\.pin is shorter than 4 characters/),
    );
  });

  it('reads a plugin cache directory from the CLI configuration', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-cli-'));
    const file = path.join(dir, 'cli.tfrc');
    fs.writeFileSync(file, '# plugin_cache_dir = "nope"\nplugin_cache_dir = "cache/plugins"\n');
    expect(readPluginCacheDir(file)).toBe(path.join(dir, 'cache/plugins'));
    fs.writeFileSync(file, 'disable_checkpoint = true\n');
    expect(readPluginCacheDir(file)).toBeUndefined();
    fs.rmSync(dir, { recursive: true });
  });
});
