import { useMemo } from 'react';
import {
  getSkeleton,
  allSkeletons,
  buildJointMapping,
  jointSide,
  kinematicParents,
  type MappingEntry,
  type Skeleton,
} from '../../core';
import { useReferenceStore } from './useReferenceStore';
import { jointColor } from '../theme/palette';

function describeEntry(e: MappingEntry, from: Skeleton): string {
  if (e.kind === 'direct') return from.joints[e.source]!.name;
  if (e.kind === 'derived') return e.rule.replace(/^.* = /, '');
  return '—';
}

/** Joint order of a skeleton with side, parent, and how each joint maps from another skeleton. */
export function JointTable({ skeleton }: { readonly skeleton: Skeleton }) {
  const hovered = useReferenceStore((s) => s.hoveredJoint);
  const hoverJoint = useReferenceStore((s) => s.hoverJoint);
  const mapFrom = useReferenceStore((s) => s.mapFrom);
  const setMapFrom = useReferenceStore((s) => s.setMapFrom);
  const parents = useMemo(() => kinematicParents(skeleton), [skeleton]);
  const source = getSkeleton(mapFrom);
  const mapping = useMemo(() => buildJointMapping(source, skeleton), [source, skeleton]);
  const counts = mapping.entries.reduce((acc, e) => ({ ...acc, [e.kind]: acc[e.kind] + 1 }), {
    direct: 0,
    derived: 0,
    missing: 0,
  });

  return (
    <section className="joints" aria-label="Joints">
      <header className="joints-header">
        <h2>{skeleton.label}</h2>
        <p className="source">{skeleton.source}</p>
        <label className="map-from">
          Map from{' '}
          <select value={mapFrom} onChange={(e) => setMapFrom(getSkeleton(e.target.value).id)}>
            {allSkeletons().map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <p className="map-summary">
          {counts.direct} direct · {counts.derived} derived · {counts.missing} missing
        </p>
      </header>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Joint</th>
            <th>Parent</th>
            <th>From {source.label}</th>
          </tr>
        </thead>
        <tbody>
          {skeleton.joints.map((j, i) => {
            const entry = mapping.entries[i]!;
            return (
              <tr
                key={j.name}
                className={i === hovered ? 'hovered' : undefined}
                onPointerEnter={() => hoverJoint(i)}
                onPointerLeave={() => hoverJoint(null)}
              >
                <td className="num">{i}</td>
                <td>
                  <span
                    className="swatch"
                    style={{ background: jointColor(j) }}
                    title={jointSide(j)}
                  />
                  {j.name}
                  {skeleton.root.includes(i) && <span className="badge">root</span>}
                </td>
                <td className="muted">
                  {parents[i]! >= 0 ? skeleton.joints[parents[i]!]!.name : '—'}
                </td>
                <td className={`map ${entry.kind}`}>{describeEntry(entry, source)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
