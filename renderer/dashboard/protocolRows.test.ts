import { describe, expect, it } from 'vitest';
import type { ProtocolResult } from '../../contract';
import { run, shown, summary3d } from './dashboardFixtures';
import { protocolFigureRows, protocolOf } from './protocolRows';
import { summaryRows } from './summaryRows';

const mupots = (all: number, detected: number): ProtocolResult => ({
  id: 'mupots',
  title: 'MuPoTS-3D',
  summary: '3DPCK@150 …',
  source: 'mpii_mupots_multiperson_eval.m',
  note: null,
  figures: [
    {
      key: 'PCK3D_rel_all',
      label: '3DPCK all',
      title: 'all',
      unit: '%',
      value: all,
      lowerIsBetter: false,
    },
    {
      key: 'PCK3D_rel_matched',
      label: '3DPCK det.',
      title: 'det',
      unit: '%',
      value: detected,
      lowerIsBetter: false,
    },
  ],
  tables: [],
});

describe('protocol rows', () => {
  it('reads a run’s protocol from its summary and marks the best run per figure', () => {
    const a = run(1, 'a', { ...summary3d(30), protocols: [mupots(80, 90)] });
    const b = run(2, 'b', { ...summary3d(40), protocols: [mupots(85, 88)] });
    expect(protocolOf(a, 'mupots')?.figures[0]?.value).toBe(80);
    const { columns, rows } = protocolFigureRows('mupots', [shown(a), shown(b)], 2);
    expect(columns.map((c) => c.key)).toEqual(['PCK3D_rel_all', 'PCK3D_rel_matched']);
    expect(rows.map((r) => r.cells.map((c) => `${c.text}${c.best ? '*' : ''}`))).toEqual([
      ['80.0', '90.0*'],
      ['85.0*', '88.0'],
    ]);
    expect(rows[1]!.primary).toBe(true);
  });

  it('says why a run has no figures under a protocol', () => {
    const old = run(3, 'old', summary3d(30));
    const { rows } = protocolFigureRows('mupots', [shown(old)], null);
    expect(rows[0]!.note).toMatch(/scored before protocols were recorded/);
  });

  it('carries the scorer’s units warning into the set table', () => {
    const m = run(4, 'metres', { ...summary3d(900), units: 'the predictions look like metres' });
    expect(summaryRows('3d', [shown(m)], null).rows[0]!.note).toBe(
      'metres: the predictions look like metres',
    );
  });
});
