import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetInfo, FramePage, IndexProgress, RunInfo } from '../../contract';
import { writeBenchDataset } from '../../scripts/bench/ui/dataset';
import { explainSkip } from '../../test/helpers/skip';
import { inlineBackend } from './backend';

// The index job runs on its worker thread only in the built app: `npm test` builds first.
const indexWorker = resolve('dist/indexWorker.mjs');
const parseWorker = resolve('dist/parseWorker.mjs');
const built = existsSync(indexWorker) && existsSync(parseWorker);
const FRAMES = 4000;

describe.skipIf(!built)('opening a large folder while it is indexed', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-partial-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('shows the first frames at once, then tells the UI when the rest is in', async () => {
    const dataset = join(tmp, 'MuPoTS-big');
    writeBenchDataset(resolve('assets/sample'), dataset, join(tmp, 'pred.json'), FRAMES);
    const events: [string, unknown][] = [];
    const backend = inlineBackend({
      version: '0.0.0',
      appRoot: process.cwd(),
      shell: 'browser',
      userDir: join(tmp, 'user'),
      indexDir: join(tmp, 'user', 'indexes'),
      indexWorker,
      parseWorker,
      log: () => undefined,
    });
    const changed = new Promise<void>((ok) =>
      backend.onEvent((e, p) => {
        events.push([e, p]);
        if (e === 'datasetChanged') ok();
      }),
    );
    const call = async <T>(name: string, args: unknown): Promise<T> => {
      const r = await backend.call(name, args);
      if (!r.ok) throw new Error(r.error);
      return r.value as T;
    };
    try {
      const first = await call<DatasetInfo>('openDataset', { path: dataset });
      expect(first.indexing).toBe(true);
      expect(first.images).toBeGreaterThanOrEqual(1000);
      expect(first.images).toBeLessThan(FRAMES);
      const page = await call<FramePage>('listFrames', { datasetId: first.id, limit: 10 });
      expect(page.rows).toHaveLength(10);
      // Asked again meanwhile, it shows the same part instead of starting a second job.
      expect((await call<DatasetInfo>('openDataset', { path: dataset })).indexing).toBe(true);
      // An import asked for meanwhile waits for the whole index, then matches every frame.
      const run = await call<RunInfo>('importPredictions', {
        datasetId: first.id,
        file: join(tmp, 'pred.json'),
      });
      expect(run.predictions).toBeGreaterThan(FRAMES);
      await changed;
      const done = await call<DatasetInfo>('datasetInfo', { datasetId: first.id });
      expect(done).toMatchObject({ images: FRAMES, indexing: false, failed: [] });
      const phases = events
        .filter(([e]) => e === 'indexProgress')
        .map(([, p]) => (p as IndexProgress).phase);
      expect(phases.at(-1)).toBe('done');
      expect(phases.filter((p) => p === 'done')).toHaveLength(1);
    } finally {
      await backend.close();
    }
  });
});

explainSkip(built ? undefined : 'skipped: needs the built workers in dist/ (npm run build)');
