import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CALLS,
  CALL_NAMES,
  EVENT_NAMES,
  FRAME_METRICS,
  FRAME_METRICS_BY_KIND,
  callChannel,
  rankMetric,
  worstIsHighest,
  eventChannel,
  type PoseScopeService,
} from './api';
import { createClient, type Bridge } from './bridge';
import { dispatch } from './dispatch';
import { PoseScopeError } from './envelope';

const frameService = {
  listFrames: (q: unknown) => ({ total: 0, offset: 0, rows: [], echo: q }),
  getFrame: () => {
    throw new Error('frame 7 is not in this dataset');
  },
} as unknown as PoseScopeService;

describe('the contract', () => {
  it('derives one channel per call and event from the table', () => {
    expect(CALL_NAMES).toEqual(Object.keys(CALLS));
    expect(new Set(CALL_NAMES.map(callChannel)).size).toBe(CALL_NAMES.length);
    expect(callChannel('openDataset')).toBe('posescope:call:openDataset');
    expect(eventChannel('indexProgress')).toBe('posescope:event:indexProgress');
    expect(EVENT_NAMES).toContain('indexProgress');
  });

  it('validates arguments before the service runs and names the bad field', async () => {
    const r = await dispatch(frameService, 'listFrames', { datasetId: 1, limit: -5 });
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(/^listFrames: invalid arguments: limit: /),
    });
    const extra = await dispatch(frameService, 'getFrame', {
      datasetId: 1,
      imageId: 2,
      sql: 'DROP',
    });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.error).toMatch(/getFrame: invalid arguments: .*sql/);
  });

  it('fills defaults, and returns service errors as values with their message', async () => {
    const r = await dispatch(frameService, 'listFrames', { datasetId: 3 });
    expect(r.ok).toBe(true);
    if (r.ok)
      expect((r.value as { echo: unknown }).echo).toMatchObject({
        offset: 0,
        limit: 500,
        sort: 'file',
        runId: null,
      });
    expect(await dispatch(frameService, 'getFrame', { datasetId: 1, imageId: 7 })).toEqual({
      ok: false,
      error: 'frame 7 is not in this dataset',
    });
    expect(await dispatch(frameService, 'dropTables', {})).toEqual({
      ok: false,
      error: 'unknown call "dropTables"',
    });
  });

  it('gives the renderer a typed client that rethrows errors with the main side message', async () => {
    const bridge: Bridge = {
      invoke: (call, args) => dispatch(frameService, call, args),
      subscribe: () => () => undefined,
    };
    const { api } = createClient(bridge);
    await expect(api.listFrames({ datasetId: 1 })).resolves.toMatchObject({ total: 0 });
    const err = await api.getFrame({ datasetId: 1, imageId: 7 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PoseScopeError);
    expect((err as PoseScopeError).message).toBe('frame 7 is not in this dataset');
    expect((err as PoseScopeError).call).toBe('getFrame');
  });
});

/** Paths inside a schema where anything goes: `unknown`, `any`, or a loose object's extra keys. */
function holes(schema: unknown, path: string, seen = new Set<unknown>()): string[] {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  if (!def) return [];
  if (def['type'] === 'unknown' || def['type'] === 'any') return [path];
  const out: string[] = [];
  for (const [key, value] of Object.entries(def)) {
    const at = `${path}.${key}`;
    if (Array.isArray(value)) value.forEach((v, i) => out.push(...holes(v, `${at}[${i}]`, seen)));
    else if (value && typeof value === 'object' && !('_zod' in value))
      for (const [k, v] of Object.entries(value)) out.push(...holes(v, `${at}.${k}`, seen));
    else out.push(...holes(value, at, seen));
  }
  return out;
}

describe('call results are typed to the leaf', () => {
  it('no result has an unknown, any or loose-object hole', () => {
    const found = Object.entries(CALLS).flatMap(([name, c]) => holes(c.result, name));
    expect(found).toEqual([]);
  });

  it('the check finds a hole where there is one', () => {
    const leaky = z.object({
      rows: z.array(z.object({ summary: z.record(z.string(), z.unknown()) })),
    });
    expect(holes(leaky, 'leaky')).not.toEqual([]);
    expect(holes(z.looseObject({ a: z.number() }), 'loose')).not.toEqual([]);
  });
});

describe('what a dataset is ranked by', () => {
  it('every per-frame figure belongs to exactly one kind of dataset', () => {
    const all = [...FRAME_METRICS_BY_KIND['3d'], ...FRAME_METRICS_BY_KIND['2d']];
    expect([...all].sort()).toEqual([...FRAME_METRICS].sort());
  });

  it('3D sets by MPJPE, highest first; 2D sets by OKS, lowest first', () => {
    expect([rankMetric('h36m'), worstIsHighest(rankMetric('h36m'))]).toEqual(['mpjpe', true]);
    expect([rankMetric('coco'), worstIsHighest(rankMetric('coco'))]).toEqual(['oks', false]);
    expect(rankMetric('mpii')).toBe('oks');
    expect(rankMetric('panoptic')).toBe('mpjpe');
  });
});
