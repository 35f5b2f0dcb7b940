import { finiteMean } from './pose3d';

export interface GroupStat {
  readonly group: string;
  readonly mean: number;
  readonly count: number;
}

/**
 * Per-group means (the per-action / per-sequence rows of the papers' tables), groups in first-seen
 * order. Non-finite values are skipped and not counted.
 */
export function groupMeans(values: readonly number[], groups: readonly string[]): GroupStat[] {
  if (values.length !== groups.length) {
    throw new RangeError(`${values.length} values but ${groups.length} group labels`);
  }
  const acc = new Map<string, { sum: number; count: number }>();
  values.forEach((v, i) => {
    const g = groups[i]!;
    const a = acc.get(g) ?? { sum: 0, count: 0 };
    if (Number.isFinite(v)) {
      a.sum += v;
      a.count++;
    }
    acc.set(g, a);
  });
  return [...acc].map(([group, { sum, count }]) => ({
    group,
    mean: count === 0 ? NaN : sum / count,
    count,
  }));
}

/** Mean of each joint's error over instances (the per-joint table): rows are instances. */
export function perJointMeans(errors: readonly (readonly number[])[]): number[] {
  const J = errors[0]?.length ?? 0;
  return Array.from({ length: J }, (_, j) =>
    finiteMean(
      errors.map((row, i) => {
        if (row.length !== J)
          throw new RangeError(`instance ${i} has ${row.length} joints, expected ${J}`);
        return row[j]!;
      }),
    ),
  );
}
