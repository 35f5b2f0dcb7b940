import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCard } from './modelCard';
import { modelFolders, resolveCard } from './modelRegistry';
import { loadPipeline, pipelineFiles, resolvePipeline } from './pipelines';

const appRoot = resolve(__dirname, '..', '..');

describe('named pipelines', () => {
  const folders = modelFolders(appRoot);

  it('keypoints-3d resolves to installed cards of the dataset skeleton, ranking before DPNet', () => {
    for (const skeleton of ['h36m17', 'mupots17', 'coco17']) {
      const refs = resolvePipeline('keypoints-3d', skeleton, folders)!;
      const cards = refs.map((r) => loadCard(resolveCard(r, folders)).card);
      expect(cards.map((c) => c.family)).toEqual(['ranking', 'lifter', 'depthbins']);
      expect(cards.every((c) => c.skeleton === skeleton)).toBe(true);
      expect(cards[1]!.inputs.map((i) => i.source)).toEqual(['joints2d', 'ranking']);
    }
    const lifter = resolvePipeline('keypoints-3d-lifter', 'coco17', folders)!;
    expect(lifter).toEqual(['kp-lifter-coco17', 'kp-rootbins-coco17']);
  });

  it('leaves card lists alone and names the skeletons a pipeline lacks', () => {
    expect(resolvePipeline('a,b', 'h36m17', folders)).toBeUndefined();
    expect(resolvePipeline('no-such-pipeline', 'h36m17', folders)).toBeUndefined();
    expect(() => resolvePipeline('keypoints-3d', 'mpii16', folders)).toThrow(
      /no cards for skeleton "mpii16"; it has h36m17, mupots17, coco17/,
    );
  });

  it('reads pipelines from every model folder and refuses a malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'posescope-pipelines-'));
    mkdirSync(join(dir, 'pipelines'));
    writeFileSync(
      join(dir, 'pipelines', 'mine.json'),
      JSON.stringify({ name: 'mine', cards: { h36m17: ['x'] } }),
    );
    writeFileSync(
      join(dir, 'pipelines', 'bad.json'),
      JSON.stringify({ name: 'bad', cards: { h36m17: [] } }),
    );
    expect(pipelineFiles([dir]).map((f) => f.slice(dir.length))).toEqual([
      '/pipelines/bad.json',
      '/pipelines/mine.json',
    ]);
    expect(() => loadPipeline(join(dir, 'pipelines', 'bad.json'))).toThrow(/cards\.h36m17/);
    expect(() => resolvePipeline('mine', 'h36m17', [dir])).toThrow(/bad\.json/);
  });
});
