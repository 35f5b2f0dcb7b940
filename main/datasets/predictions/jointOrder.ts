import { SKELETONS, buildJointMapping, type JointMapping, type Skeleton } from '../../../core';

/** A count×dims row-major array through a mapping: missing joints NaN, derived ones the mean. */
function mapFlat(src: Float64Array, m: JointMapping, dims: number): Float64Array {
  const out = new Float64Array(m.to.joints.length * dims).fill(NaN);
  m.entries.forEach((e, j) => {
    if (e.kind === 'missing') return;
    const weights = e.kind === 'direct' ? ([[e.source, 1]] as const) : e.weights;
    for (let d = 0; d < dims; d++) {
      let v = 0;
      for (const [i, w] of weights) v += w * src[i * dims + d]!;
      out[j * dims + d] = v;
    }
  });
  return out;
}

/**
 * How a prediction file's joints become the dataset's: as they are when their count is the
 * dataset's skeleton's (and no other skeleton is named), else through `core/skeletons`' mapping
 * by anatomy from the skeleton named (`--pred-skeleton`) or, unnamed, the one known skeleton with
 * that many joints. Never by position alone: an unknown or ambiguous count is refused with the
 * count and the candidates. Joints the dataset has and the prediction lacks are NaN (missing).
 */
export class JointOrder {
  private readonly byCount = new Map<
    number,
    { mapping: JointMapping | null } | { error: string }
  >();
  private readonly layouts = new Map<Skeleton, JointOrder>();

  constructor(
    readonly target: Skeleton,
    readonly named?: Skeleton,
    private readonly used = new Set<JointMapping>(),
    /** Who named `named`, for messages: the user, or the file's format. */
    private readonly namedBy = '--pred-skeleton',
  ) {}

  /**
   * This order for a file whose format fixes its joints' layout (OpenPose's BODY_25, a
   * VideoPose3D file's `layout_name`): poses of `layout`'s count are mapped from it by anatomy,
   * unless `--pred-skeleton` named a skeleton, which wins. The mappings it applies are reported
   * with this order's.
   */
  withLayout(layout: Skeleton): JointOrder {
    if (this.named) return this;
    const known = this.layouts.get(layout);
    if (known) return known;
    const order = new JointOrder(this.target, layout, this.used, "the file's layout");
    this.layouts.set(layout, order);
    return order;
  }

  get joints(): number {
    return this.target.joints.length;
  }

  private resolve(count: number): { mapping: JointMapping | null } | { error: string } {
    const known = this.byCount.get(count);
    if (known) return known;
    const J = this.joints;
    let out: { mapping: JointMapping | null } | { error: string };
    if (this.named) {
      out =
        count !== this.named.joints.length
          ? { error: `${this.namedBy} ${this.named.id} has ${this.named.joints.length}` }
          : this.named.id === this.target.id
            ? { mapping: null }
            : { mapping: buildJointMapping(this.named, this.target) };
    } else if (count === J) out = { mapping: null };
    else {
      const all = Object.values(SKELETONS);
      const fits = all.filter((s) => s.joints.length === count);
      out =
        fits.length === 1
          ? { mapping: buildJointMapping(fits[0]!, this.target) }
          : fits.length === 0
            ? {
                error: `no known skeleton has ${count} joints (${all.map((s) => `${s.id} ${s.joints.length}`).join(', ')})`,
              }
            : {
                error: `${count} joints could be ${fits.map((s) => s.id).join(' or ')}: name one with --pred-skeleton`,
              };
    }
    this.byCount.set(count, out);
    return out;
  }

  /**
   * A count×dims array (and its per-joint scores) in the dataset's order, or why it cannot be:
   * the reason completes "has N joints, the dataset's skeleton J; …".
   */
  toDataset(
    flat: Float64Array,
    count: number,
    dims: number,
    scores?: Float64Array,
  ): { data: Float64Array; scores?: Float64Array } | { error: string } {
    const r = this.resolve(count);
    if ('error' in r) return r;
    if (!r.mapping) return { data: flat, ...(scores ? { scores } : {}) };
    this.used.add(r.mapping);
    return {
      data: mapFlat(flat, r.mapping, dims),
      ...(scores ? { scores: mapFlat(scores, r.mapping, 1) } : {}),
    };
  }

  /** The mappings applied, for the import's report; null when every pose was taken as it was. */
  describe(): string | null {
    if (this.used.size === 0) return null;
    return [...this.used]
      .map((m) => {
        const kinds = (k: string) => m.entries.filter((e) => e.kind === k).length;
        const missing = m.entries.flatMap((e, j) =>
          e.kind === 'missing' ? [m.to.joints[j]!.name] : [],
        );
        const derived = m.entries.flatMap((e) => (e.kind === 'derived' ? [e.rule] : []));
        return (
          // A layout built from a format's joint names (OpenPose's) is known by its label.
          `${m.from.fromFile ? m.from.label : m.from.id} → ${m.to.id} by anatomy: ${kinds('direct')} joints direct` +
          (derived.length > 0 ? `, ${derived.length} derived (${derived.join('; ')})` : '') +
          (missing.length > 0 ? `, ${missing.length} missing (${missing.join(', ')})` : '')
        );
      })
      .join('; ');
  }
}

/** The message of a pose whose joints cannot be placed, as every reader words it. */
export const wrongCount = (
  at: string,
  key: string,
  count: number | string,
  order: JointOrder,
  reason?: string,
): string =>
  `${at}: ${key} has ${count} joints, the dataset's skeleton ${order.joints}${reason ? `; ${reason}` : ''}`;
