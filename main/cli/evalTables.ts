import { PROTOCOLS, type ProtocolId } from '../../core';
import { importReportLines, type ProtocolResult } from '../../contract';
import type { RunResult } from '../eval/evaluateRun';
import type { RunFigures } from '../eval/scoreRun';

const fmt = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '—' : v.toFixed(digits);

/** A table with a label column and right-aligned value columns, wrapped to `width` characters. */
export function table(
  corner: string,
  columns: readonly string[],
  rows: readonly (readonly [string, readonly string[]])[],
  width = 120,
): string {
  const labelW = Math.max(corner.length, ...rows.map(([l]) => l.length));
  const colW = columns.map((c, i) => Math.max(c.length, ...rows.map(([, v]) => v[i]?.length ?? 0)));
  const out: string[] = [];
  // Wrap columns into blocks so wide tables (15 actions, 17 joints) stay readable on a terminal.
  let start = 0;
  while (start < columns.length) {
    let end = start;
    let used = labelW;
    while (end < columns.length && (end === start || used + 2 + colW[end]! <= width)) {
      used += 2 + colW[end]!;
      end++;
    }
    const line = (label: string, cells: readonly string[]) =>
      label.padEnd(labelW) +
      cells
        .slice(start, end)
        .map((c, k) => `  ${c.padStart(colW[start + k]!)}`)
        .join('');
    out.push(line(corner, columns));
    for (const [label, cells] of rows) out.push(line(label, cells));
    start = end;
    if (start < columns.length) out.push('');
  }
  return out.join('\n');
}

/** A short column name for a joint or action, as the papers abbreviate them. */
const short = (s: string) => (s.length <= 8 ? s : `${s.slice(0, 7)}.`);

/** Takes listed in the text output; `--json` holds every one (Human3.6M's test set has 240). */
const TAKES_SHOWN = 20;

/** The temporal figures' line and the per-take table, when the run was scored on any take. */
function temporalLines(m: Extract<RunFigures, { MPJPE: unknown }>): string[] {
  const takes = m.per_take;
  if (takes.length === 0) return [];
  const shown = takes.slice(0, TAKES_SHOWN);
  const more = takes.length - shown.length;
  return [
    '',
    `  MPJVE ${fmt(m.MPJVE)} mm/frame   accel error ${fmt(m.accel_error)} mm/frame²   over ${takes.length} take${takes.length === 1 ? '' : 's'}`,
    table(
      'take',
      ['frames', 'MPJVE', 'accel'],
      shown.map((t) => [t.take, [String(t.frames), fmt(t.MPJVE), fmt(t.accel_error)]]),
    ),
    ...(more > 0 ? [`… and ${more} more takes (eval --json lists every take)`] : []),
  ];
}

export function formatRun(r: RunResult): string {
  const m = r.metrics;
  const lines = [`${r.run}  (${r.file}, ${r.predictions} predictions)`];
  if ('MPJPE' in m) {
    const ap = Object.entries(m).filter(([k]) => /^A[PR]_root_/.test(k));
    lines.push(
      `  MPJPE ${fmt(m.MPJPE)} mm   PA-MPJPE ${fmt(m.PA_MPJPE)} mm   MRPE ${fmt(m.MRPE)} mm ` +
        `(x ${fmt(m.MRPE_x)}, y ${fmt(m.MRPE_y)}, z ${fmt(m.MRPE_z)})`,
      `  3DPCK rel ${fmt(m.PCK3D_rel)} %   3DPCK abs ${fmt(m.PCK3D_abs)} %   AUC rel ${fmt(m.AUC_rel)} %` +
        `   matched ${m.matched} / ${m.instances}`,
    );
    if (ap.length > 0)
      lines.push(`  ${ap.map(([k, v]) => `${k} ${fmt(v as number | null)}`).join('  ')}`);
    const groups = m.per_group;
    lines.push(
      '',
      table(
        'group',
        [...groups.map((g) => short(g.group)), 'Avg'],
        [
          ['MPJPE', [...groups.map((g) => fmt(g.MPJPE)), fmt(m.MPJPE)]],
          ['PA-MPJPE', [...groups.map((g) => fmt(g.PA_MPJPE)), fmt(m.PA_MPJPE)]],
          ['3DPCK', [...groups.map((g) => fmt(g.PCK3D_rel)), fmt(m.PCK3D_rel)]],
        ],
      ),
      '',
      table(
        'joint',
        m.per_joint.map((j) => short(j.joint)),
        [
          ['MPJPE', m.per_joint.map((j) => fmt(j.MPJPE))],
          ['3DPCK', m.per_joint.map((j) => fmt(j.PCK3D_rel))],
        ],
      ),
      ...temporalLines(m),
    );
  } else {
    lines.push(
      `  AP(OKS) ${fmt(m.AP_OKS)}   AP50 ${fmt(m.AP_OKS_50)}   AP75 ${fmt(m.AP_OKS_75)}   ` +
        `AR ${fmt(m.AR_OKS)}   PCK@0.2 ${fmt(m.PCK2D)} %   matched ${m.matched} / ${m.instances}`,
    );
    if (m.per_group.length > 1)
      lines.push(
        '',
        table(
          'group',
          m.per_group.map((g) => short(g.group)),
          [['PCK@0.2', m.per_group.map((g) => fmt(g.PCK2D))]],
        ),
      );
    const joints = m.per_joint;
    const pckh = joints.some((j) => j.PCKh !== undefined);
    lines.push(
      '',
      table(
        'joint',
        joints.map((j) => short(j.joint)),
        [
          ['PCK@0.2', joints.map((j) => fmt(j.PCK2D))],
          ...(pckh ? [['PCKh@0.5', joints.map((j) => fmt(j.PCKh ?? null))] as const] : []),
        ],
      ),
    );
  }
  return [...lines, ...notes(r)].join('\n');
}

/**
 * What the import read (format, records, pairing, unknown images, joint mapping, unit check,
 * problems), the units warning and, for a result without a read report, the file's issues,
 * indented under a run.
 */
function notes(r: RunResult): string[] {
  if (r.read) return importReportLines(r.read).map((l) => `  ${l}`);
  const out: string[] = [];
  if (r.metrics.units) out.push(`  units: ${r.metrics.units}`);
  for (const i of r.issues)
    out.push(
      `  ${i.count} × ${i.kind}: ${i.examples.join('; ')}${i.count > i.examples.length ? '; …' : ''}`,
    );
  return out;
}

/** A run's result under one protocol (every summary of its dataset's kind has each). */
export function protocolOf(m: RunFigures, id: ProtocolId): ProtocolResult {
  const found = m.protocols.find((p) => p.id === id);
  if (!found) throw new Error(`no ${id} figures in this run's summary`);
  return found;
}

const cell = (v: number | null, unit: string) =>
  v === null ? '—' : unit === '' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v.toFixed(1);

/** `posescope eval --protocol`: the protocol's figures and tables, its source named. */
export function formatProtocol(r: RunResult, id: ProtocolId): string {
  const p = protocolOf(r.metrics, id);
  const lines = [
    `${r.run}  (${r.file}, ${r.predictions} predictions)`,
    `  ${p.title}: ${PROTOCOLS[id].summary}`,
    `  source: ${p.source}`,
  ];
  if (p.note) lines.push(`  note: ${p.note}`);
  if (p.figures.length > 0)
    lines.push(
      '',
      table(
        'figure',
        p.figures.map((f) => f.label),
        [[p.title, p.figures.map((f) => cell(f.value, f.unit))]],
      ),
    );
  for (const t of p.tables)
    lines.push(
      '',
      `  ${t.title}`,
      table(
        t.corner,
        t.columns.map((c) => c.label),
        t.rows.map((row) => [row.label, row.values.map((v, k) => cell(v, t.columns[k]!.unit))]),
      ),
    );
  return [...lines, ...notes(r)].join('\n');
}
