import type { ProtocolResult, RunInfo } from '../../contract';
import type { DatasetKind, ShownRun } from './summaryRows';

export type ProtocolId = ProtocolResult['id'];

/** The protocol switch's choices for a dataset kind: every figure at once, or one protocol. */
export const PROTOCOL_CHOICES: Record<
  DatasetKind,
  readonly { readonly value: ProtocolId | 'all'; readonly label: string }[]
> = {
  '3d': [
    { value: 'all', label: 'All figures' },
    { value: 'h36m-p1', label: 'H3.6M P1' },
    { value: 'h36m-p2', label: 'H3.6M P2' },
    { value: 'mupots', label: 'MuPoTS-3D' },
    { value: '3dhp', label: '3DHP' },
  ],
  '2d': [
    { value: 'all', label: 'All figures' },
    { value: 'coco', label: 'COCO' },
    { value: 'pckh', label: 'PCKh' },
  ],
};

/** A run's result under a protocol, as `posescope eval --protocol` prints it. */
export function protocolOf(run: RunInfo, id: ProtocolId): ProtocolResult | null {
  return run.summary?.protocols?.find((p) => p.id === id) ?? null;
}

export const fmtCell = (v: number | null, unit: string): string =>
  v === null ? '—' : unit === '' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v.toFixed(1);

export interface ProtocolFigureRow {
  readonly runId: number;
  readonly name: string;
  readonly color: string;
  readonly primary: boolean;
  readonly cells: readonly { readonly text: string; readonly best: boolean }[];
  readonly note: string | null;
}

/**
 * One row per run with the protocol's figures (the columns are the first scored run's figures),
 * the best value of each column marked among two or more runs.
 */
export function protocolFigureRows(
  id: ProtocolId,
  runs: readonly ShownRun[],
  primaryId: number | null,
): { columns: ProtocolResult['figures']; rows: ProtocolFigureRow[] } {
  const results = runs.map((r) => protocolOf(r.run, id));
  const columns = results.find((p) => p && p.figures.length > 0)?.figures ?? [];
  const value = (p: ProtocolResult | null, key: string) =>
    p?.figures.find((f) => f.key === key)?.value ?? null;
  const best = columns.map((c) => {
    const vs = results.map((p) => value(p, c.key)).filter((v): v is number => v !== null);
    if (vs.length < 2 || c.unit === '') return null;
    return c.lowerIsBetter ? Math.min(...vs) : Math.max(...vs);
  });
  const rows = runs.map(({ run, color }, i): ProtocolFigureRow => {
    const p = results[i]!;
    return {
      runId: run.id,
      name: run.name,
      color,
      primary: run.id === primaryId,
      cells: columns.map((c, k) => {
        const v = value(p, c.key);
        return { text: fmtCell(v, c.unit), best: v !== null && v === best[k] };
      }),
      note: p
        ? p.note
        : `${run.name} was scored before protocols were recorded; re-open to score it`,
    };
  });
  return { columns, rows };
}
