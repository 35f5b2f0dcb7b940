import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedSample } from './helpers/sharedData';
import { explainSkip } from './helpers/skip';

const h36m = sharedSample('h36m-sample');

// The product's native dependencies must install from the npm registry alone and load in plain
// Node; these tests prove the install rather than any PoseScope feature.
describe('native runtime dependencies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posescope-deps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('better-sqlite3 opens a WAL database and runs prepared statements', () => {
    const db = new Database(join(dir, 'index.sqlite'));
    expect(db.pragma('journal_mode = WAL', { simple: true })).toBe('wal');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v REAL)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => [1.5, 2.5].forEach((v) => insert.run(v)))();
    expect(db.prepare('SELECT SUM(v) AS s FROM t').get()).toEqual({ s: 4 });
    db.close();
  });

  it('onnxruntime-node loads its native binding with the CPU backend and rejects a broken model', async () => {
    const backends = ort.listSupportedBackends().map((b) => b.name);
    expect(backends).toContain('cpu');
    await expect(ort.InferenceSession.create(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow();
  });

  it.skipIf('skip' in h36m)(
    'sharp decodes a real Human3.6M JPEG at its annotated size',
    async () => {
      if ('skip' in h36m) return;
      const file = join(
        h36m.dir,
        'images/s_01_act_02_subact_02_ca_01/s_01_act_02_subact_02_ca_01_000001.jpg',
      );
      const meta = await sharp(file).metadata();
      expect([meta.width, meta.height, meta.format]).toEqual([1000, 1002, 'jpeg']);
    },
  );
});

explainSkip('skip' in h36m ? h36m.skip : undefined);
