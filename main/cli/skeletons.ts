import { SKELETONS, getSkeleton, jointSide, kinematicParents } from '../../core';

/** `posescope skeletons [id]`: the joint orders PoseScope reads, as tables or JSON. */
export function skeletonsCommand(id: string | undefined, json: boolean): string {
  if (!id) {
    const rows = Object.values(SKELETONS).map((s) => ({
      id: s.id,
      label: s.label,
      joints: s.joints.length,
      root: s.root.map((i) => s.joints[i]!.name).join(' + '),
    }));
    if (json) return JSON.stringify(rows, null, 2);
    return rows
      .map(
        (r) =>
          `${r.id.padEnd(12)} ${r.label.padEnd(14)} ${String(r.joints).padStart(2)} joints  root: ${r.root}`,
      )
      .join('\n');
  }
  const s = getSkeleton(id);
  const parents = kinematicParents(s);
  const joints = s.joints.map((j, i) => ({
    index: i,
    name: j.name,
    key: j.key,
    side: jointSide(j),
    parent: parents[i] === -1 ? null : s.joints[parents[i]!]!.name,
  }));
  if (json) return JSON.stringify({ id: s.id, label: s.label, source: s.source, joints }, null, 2);
  return [
    `${s.label} (${s.id}) — ${s.source}`,
    ...joints.map(
      (j) =>
        `${String(j.index).padStart(2)}  ${j.name.padEnd(18)} ${j.side.padEnd(6)} parent: ${j.parent ?? '—'}`,
    ),
  ].join('\n');
}
