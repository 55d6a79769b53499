import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalObjectStorage } from './LocalObjectStorage';
import { StagingSweeper } from './StagingSweeper';

describe('StagingSweeper', () => {
  it('removes staging files and temporary uploads older than the age, and nothing else', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-sweep-'));
    const storage = new LocalObjectStorage(root);
    await storage.put('uploads/tmp/fresh', 'x');
    await storage.put('uploads/tmp/old', 'x');
    await storage.put('uploads/photos/kept.jpg', 'x');
    fs.mkdirSync(path.join(root, '.staging'), { recursive: true });
    fs.writeFileSync(path.join(root, '.staging', 'crashed'), 'partial');
    const longAgo = new Date(Date.now() - 2 * 3_600_000);
    for (const file of [
      '.staging/crashed',
      'uploads/tmp/old',
      'uploads/photos/kept.jpg',
    ]) {
      fs.utimesSync(path.join(root, file), longAgo, longAgo);
    }
    const sweeper = new StagingSweeper({
      storage,
      maxAgeMs: 3_600_000,
      logger: mockServices.logger.mock(),
    });

    await sweeper.start();
    sweeper.stop();

    expect(fs.readdirSync(path.join(root, '.staging'))).toEqual([]);
    expect(await storage.list('uploads/')).toEqual([
      'uploads/photos/kept.jpg',
      'uploads/tmp/fresh',
    ]);
  });
});
