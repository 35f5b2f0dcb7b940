import { allSkeletons } from '../../core';
import { useReferenceStore } from './useReferenceStore';

/** The list of skeletons PoseScope reads, one selected. */
export function SkeletonPicker() {
  const selected = useReferenceStore((s) => s.skeletonId);
  const select = useReferenceStore((s) => s.selectSkeleton);
  return (
    <nav className="picker" aria-label="Skeletons">
      <h2>Skeletons</h2>
      <ul>
        {allSkeletons().map((s) => (
          <li key={s.id}>
            <button
              type="button"
              aria-current={s.id === selected}
              className={s.id === selected ? 'active' : undefined}
              onClick={() => select(s.id)}
            >
              <span className="picker-label">{s.label}</span>
              <span className="picker-count">{s.joints.length}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
