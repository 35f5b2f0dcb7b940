import { describe, expect, it } from 'vitest';
import { run, shown, summary2d, summary3d } from './dashboardFixtures';
import { datasetKind, figure, figuresNote, summaryColumns, summaryRows } from './summaryRows';
import { groupNames, groupTable, jointTable } from './tables';

describe('summaryRows', () => {
  it('maps a 3D summary to the eval keys, root AP/AR at 25/15/10 cm, matched / instances', () => {
    const { columns, rows } = summaryRows('3d', [shown(run(1, 'baseline', summary3d(32.68)))], 1);
    expect(columns.map((c) => c.key)).toEqual([
      'MRPE',
      'MRPE_x',
      'MRPE_y',
      'MRPE_z',
      'MPJPE',
      'PA_MPJPE',
      'PCK3D_rel',
      'AUC_rel',
      'AP_root_25',
      'AR_root_25',
      'AP_root_15',
      'AR_root_15',
      'AP_root_10',
      'AR_root_10',
    ]);
    const r = rows[0]!;
    expect(r.primary).toBe(true);
    expect(r.cells.find((c) => c.key === 'MPJPE')?.text).toBe('32.7');
    expect(r.cells.find((c) => c.key === 'AUC_rel')?.text).toBe('81.1');
    expect(r.matched).toBe('138 / 140');
    expect(r.note).toBeNull();
    // One run: nothing to be best against.
    expect(r.cells.some((c) => c.best)).toBe(false);
  });

  it('leaves root AP/AR out for single-person sets and shows — for missing keys', () => {
    const s = summary3d(50);
    for (const k of Object.keys(s)) if (/^A[PR]_root_/.test(k)) delete s[k as keyof typeof s];
    delete (s as Record<string, unknown>).MRPE_y;
    const { columns, rows } = summaryRows('3d', [shown(run(1, 'h36m', s))], null);
    expect(columns.some((c) => c.key.startsWith('AP_root'))).toBe(false);
    expect(rows[0]!.cells.find((c) => c.key === 'MRPE_y')?.text).toBe('—');
    expect(rows[0]!.primary).toBe(false);
  });

  it('uses the COCO keys for 2D-only datasets', () => {
    expect(datasetKind('coco')).toBe('2d');
    expect(datasetKind('images')).toBe('2d');
    expect(datasetKind('h36m')).toBe('3d');
    const { columns, rows } = summaryRows('2d', [shown(run(3, 'hrnet', summary2d))], 3);
    expect(columns.map((c) => c.key)).toEqual([
      'AP_OKS',
      'AP_OKS_50',
      'AP_OKS_75',
      'AR_OKS',
      'PCK2D',
      'mean_OKS',
    ]);
    expect(rows[0]!.cells.map((c) => c.text)).toEqual([
      '70.3',
      '90.1',
      '77.7',
      '74.2',
      '88.5',
      '0.812',
    ]);
    expect(rows[0]!.matched).toBe('9 / 10');
  });

  it('marks the best value per column: lowest error, highest PCK and AP', () => {
    const a = shown(run(1, 'a', summary3d(40, { PCK3D_rel: 90 })));
    const b = shown(run(2, 'b', summary3d(30, { PCK3D_rel: 95 })));
    const { rows } = summaryRows('3d', [a, b], 1);
    const best = (i: number, key: string) => rows[i]!.cells.find((c) => c.key === key)!.best;
    expect([best(0, 'MPJPE'), best(1, 'MPJPE')]).toEqual([false, true]);
    expect([best(0, 'PCK3D_rel'), best(1, 'PCK3D_rel')]).toEqual([false, true]);
  });

  it('says which figures a run without 3D figures has, and when a run is not scored', () => {
    const twoD = run(4, 'openpose', {
      MPJPE: null,
      PA_MPJPE: null,
      MRPE: null,
      PCK3D_rel: null,
      AP_root_25: null,
      matched: 5,
      instances: 9,
      per_group: [],
    });
    expect(figuresNote('3d', twoD)).toBe('openpose has no 3D figures (it matched 5 of 9 people)');
    const rootOnly = run(5, 'rootnet', { MPJPE: null, MRPE: null, AP_root_25: 90, AR_root_25: 80 });
    expect(figuresNote('3d', rootOnly)).toBe(
      'rootnet has no 3D figures, only AP_root_25, AR_root_25',
    );
    expect(figuresNote('3d', run(6, 'pending', null))).toBe('pending is not scored yet');
    expect(figuresNote('2d', run(7, 'empty', {}))).toBe('empty has no figures at all');
    expect(figuresNote('2d', run(8, 'coco', summary2d))).toBeNull();
    expect(summaryRows('3d', [shown(run(6, 'pending', null))], null).rows[0]!.matched).toBe('—');
  });

  it('reads only finite numbers as figures', () => {
    expect(figure({ a: 'x', b: NaN, c: 3 }, 'a')).toBeNull();
    expect(figure({ b: NaN }, 'b')).toBeNull();
    expect(figure({ c: 3 }, 'c')).toBe(3);
    expect(figure<{ c: number }>(null, 'c')).toBeNull();
    expect(summaryColumns('3d', [null, {}]).length).toBe(8);
  });
});

describe('group and joint tables', () => {
  const a = shown(run(1, 'a', summary3d(40)));
  const b = shown(
    run(2, 'b', summary3d(30, { per_group: [{ group: 'TS1', count: 1, MPJPE: 20 }] })),
  );

  it('puts groups in natural order as columns, runs as rows, the set figure last', () => {
    expect(groupNames([a, b])).toEqual(['TS1', 'TS2', 'TS10']);
    const t = groupTable([a, b], 'MPJPE');
    expect(t.groups).toEqual(['TS1', 'TS2', 'TS10']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      [null, 39, 41, 40],
      [20, null, null, 30],
    ]);
    expect(t.best).toEqual([null, null, null, 30]);
    expect(groupTable([a, b], 'PCK3D_rel').best).toEqual([null, null, null, 97.8]);
  });

  it('lists joints as rows with each run’s MPJPE and 3DPCK', () => {
    const t = jointTable([a, b], '3d');
    expect(t.joints).toEqual(['Head_top', 'Thorax', 'Pelvis']);
    expect(t.columns.map((c) => c.key)).toEqual(['MPJPE', 'PCK3D_rel']);
    expect(t.rows[0]).toEqual([
      [33, 100],
      [23, 100],
    ]);
    expect(jointTable([shown(run(3, 'coco', summary2d))], '2d').joints).toEqual([]);
  });

  it('a 2D set’s joints show PCK@0.2, and PCKh only where some run has head boxes', () => {
    const perJoint = (pckh: boolean) => ({
      ...summary2d,
      per_joint: [
        { joint: 'nose', PCK2D: 90, ...(pckh ? { PCKh: 80 } : {}) },
        { joint: 'left_eye', PCK2D: null, ...(pckh ? { PCKh: null } : {}) },
      ],
    });
    const without = jointTable([shown(run(3, 'coco', perJoint(false)))], '2d');
    expect(without.columns.map((c) => c.key)).toEqual(['PCK2D']);
    expect(without.rows).toEqual([[[90]], [[null]]]);
    const withHead = jointTable(
      [shown(run(3, 'coco', perJoint(false))), shown(run(4, 'coco', perJoint(true)))],
      '2d',
    );
    expect(withHead.columns.map((c) => c.key)).toEqual(['PCK2D', 'PCKh']);
    expect(withHead.rows[0]).toEqual([
      [90, null],
      [90, 80],
    ]);
  });
});
