import type { ImportReport } from './schemas';

const firstFew = (first: readonly string[], count: number, sep = ', ') =>
  `${first.join(sep)}${count > first.length ? `${sep}…` : ''}`;

/**
 * What an import read, line by line, worded once for `posescope eval` and the app's import note:
 * the format and records, pairing, unknown images (count and first few), the joint mapping, the
 * unit check, and each kind of problem with its first places.
 */
export function importReportLines(d: ImportReport): string[] {
  const unknown = d.unknownImages;
  const lines = [
    `read: ${d.formatName}: ${d.records} records; ${d.paired} paired with a person, ${d.unpaired} unpaired; ` +
      `${unknown.count} for unknown images${unknown.count > 0 ? ` (${firstFew(unknown.first, unknown.count)})` : ''}`,
  ];
  if (d.joints) lines.push(`joints: ${d.joints}`);
  for (const n of d.notes) lines.push(`note: ${n}`);
  lines.push(`unit check: ${d.units}`);
  for (const p of d.problems)
    lines.push(`${p.count} × ${p.kind}: ${firstFew(p.examples, p.count, '; ')}`);
  return lines;
}
