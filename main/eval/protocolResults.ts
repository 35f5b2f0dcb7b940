import { PROTOCOLS, type ProtocolId } from '../../core';
import type { ProtocolResult } from '../../contract';
import { meanOfRows, type Mean, type PckTally } from './pckTally';

type Unit = 'mm' | '%' | '';
type Figure = ProtocolResult['figures'][number];
type Table = ProtocolResult['tables'][number];

export const figure = (
  key: string,
  label: string,
  title: string,
  unit: Unit,
  value: number | null,
): Figure => ({ key, label, title, unit, value, lowerIsBetter: unit === 'mm' });

export const table = (
  title: string,
  corner: string,
  columns: readonly (readonly [string, Unit])[],
  rows: readonly (readonly [string, readonly (number | null)[]])[],
): Table => ({
  title,
  corner,
  columns: columns.map(([label, unit]) => ({ label, unit })),
  rows: rows.map(([label, values]) => ({ label, values: [...values] })),
});

/** A protocol's result: its figures and tables, or (none given) the note saying why not. */
export function protocolResult(
  id: ProtocolId,
  note: string | null,
  figures: Figure[] = [],
  tables: Table[] = [],
): ProtocolResult {
  const p = PROTOCOLS[id];
  return { id, title: p.title, summary: p.summary, source: p.source, note, figures, tables };
}

/** Sequences (TS1…TS20) and actions in natural order: TS2 before TS10. */
export const naturalOrder = <T>(m: ReadonlyMap<string, T>): [string, T][] =>
  [...m].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));

/**
 * Human3.6M Protocol 1 or 2: the error pooled over every person (3DMPPE's Human36M.evaluate)
 * and the mean of the per-action errors (VideoPose3D's "action-wise average"), with the table.
 */
export function h36mProtocol(
  id: 'h36m-p1' | 'h36m-p2',
  overall: Mean,
  groups: ReadonlyMap<string, Mean>,
): ProtocolResult {
  const label = id === 'h36m-p1' ? 'MPJPE' : 'PA-MPJPE';
  const key = id === 'h36m-p1' ? 'MPJPE' : 'PA_MPJPE';
  const rows = naturalOrder(groups);
  if (overall.n === 0) return protocolResult(id, 'no person with 3D joints was paired');
  return protocolResult(
    id,
    null,
    [
      figure(key, label, `${label} over all people`, 'mm', overall.value),
      figure(
        `${key}_action_avg`,
        `${label} (avg of groups)`,
        `mean of the per-action (per-sequence) ${label}`,
        'mm',
        meanOfRows(rows.map(([, m]) => m.value)),
      ),
    ],
    [
      table(
        `${label} per action / sequence`,
        'group',
        [
          [label, 'mm'],
          ['people', ''],
        ],
        rows.map(([g, m]) => [g, [m.value, m.n]]),
      ),
    ],
  );
}

/** 3DPCK and AUC cells of a tally. */
export const pckCells = (t: PckTally): (number | null)[] => [t.pck, t.auc];
