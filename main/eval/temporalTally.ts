import {
  pooledAccelError,
  pooledVelocityError,
  rootRelativeResidual,
  temporalChain,
  type Pose3D,
  type TemporalChain,
} from '../../core';
import type { TakePlaces } from '../store/takes/tracks';

/** One take's temporal figures: MPJVE (mm/frame) and acceleration error (mm/frame²). */
export interface TakeTemporalFigures {
  readonly take: string;
  /** Frames of the take where the run was scored on a tracked person. */
  readonly frames: number;
  readonly MPJVE: number | null;
  readonly accel_error: number | null;
}

export interface TemporalFigures {
  readonly MPJVE: number | null;
  readonly accel_error: number | null;
  /** Takes the run was scored on, in natural order. */
  readonly per_take: TakeTemporalFigures[];
}

const orNull = (v: number) => (Number.isFinite(v) ? v : null);

interface Entry {
  readonly slot: number;
  readonly residual: Float64Array;
}

/** A take's chains and figures, once all of its frames have been scored. */
interface TakeResult {
  readonly chains: readonly TemporalChain[];
  readonly figures: TakeTemporalFigures;
}

/**
 * Collects each tracked person's scored frames while a run is scored, then cuts them into
 * chains of consecutive frames and computes the temporal figures (core/metrics/temporal.ts).
 *
 * Poses are root-relative on both sides, as VideoPose3D evaluates them (run.py zeroes the
 * target's root, `inputs_3d[:, :, 0] = 0`, and its model predicts root-relative joints) and as
 * VIBE does (it subtracts the pelvis before compute_error_accel): the figures measure jitter of
 * the pose, not of the root's depth, which MRPE measures. All of the skeleton's joints count,
 * as for MPJPE.
 *
 * Only consecutive frames of one take and one person count. A frame where the person has no
 * scored prediction (none paired, or the label is not valid) ends a chain: the velocity steps and
 * acceleration triples that would span it are not computed, which for the acceleration error is
 * exactly VIBE's mask of a frame that is not visible. Frames the index lacks (a jump in the
 * frame index) end a chain the same way.
 *
 * A take's residuals are held only until its last frame has been scored (`frameScored`): its
 * chains are computed then and the residuals dropped, so a million-frame run holds the takes in
 * progress, not every frame (a residual is J×3 numbers; the chains keep one per frame). The set's
 * figures pool the chains in the takes' natural order whenever the takes were finished.
 */
export class TemporalTally {
  /** take → person → their scored frames, for takes with frames still to score. */
  private readonly takes = new Map<string, Map<string, Entry[]>>();
  /** Frames of each take still to score. */
  private readonly left = new Map<string, number>();
  private readonly done = new Map<string, TakeResult | null>();

  constructor(
    private readonly places: TakePlaces,
    private readonly root: readonly number[],
  ) {}

  add(imageId: number, instanceId: number, pred: Pose3D, gt: Pose3D): void {
    const place = this.places.frames.get(imageId);
    const person = this.places.tracks.get(instanceId);
    if (!place || person === undefined) return;
    let people = this.takes.get(place.take);
    if (!people) this.takes.set(place.take, (people = new Map()));
    let entries = people.get(person);
    if (!entries) people.set(person, (entries = []));
    entries.push({
      slot: place.slot,
      residual: rootRelativeResidual(pred, gt, this.root),
    });
  }

  /** An image has been scored (every person of it added): a take whose frames all were is finished. */
  frameScored(imageId: number): void {
    const place = this.places.frames.get(imageId);
    if (!place) return;
    const left = (this.left.get(place.take) ?? this.places.sizes.get(place.take) ?? 0) - 1;
    this.left.set(place.take, left);
    if (left <= 0) this.finish(place.take);
  }

  private finish(take: string): TakeResult | null {
    const people = this.takes.get(take);
    this.takes.delete(take);
    const result = people ? this.chainsOf(take, people) : null;
    this.done.set(take, result);
    return result;
  }

  private chainsOf(take: string, people: Map<string, Entry[]>): TakeResult {
    const group = this.places.groups.get(take) ?? '';
    const chains: TemporalChain[] = [];
    const frames = new Set<number>();
    for (const entries of people.values()) {
      entries.sort((a, b) => a.slot - b.slot);
      let run: Entry[] = [];
      const close = () => {
        if (run.length > 0)
          chains.push(
            temporalChain(
              run.map((e) => e.residual),
              group,
            ),
          );
        run = [];
      };
      for (const e of entries) {
        frames.add(e.slot);
        const last = run[run.length - 1];
        if (last && e.slot !== last.slot + 1) close();
        run.push(e);
      }
      close();
    }
    return {
      chains,
      figures: {
        take,
        frames: frames.size,
        // A take's chains share its group: VideoPose3D's frame-weighted mean of them.
        MPJVE: orNull(pooledVelocityError(chains)),
        accel_error: orNull(pooledAccelError(chains)),
      },
    };
  }

  summary(): TemporalFigures {
    const all: TemporalChain[] = [];
    const per_take: TakeTemporalFigures[] = [];
    for (const take of this.places.order) {
      const result = this.done.has(take) ? this.done.get(take) : this.finish(take);
      if (!result) continue;
      for (const c of result.chains) all.push(c);
      per_take.push(result.figures);
    }
    return {
      MPJVE: orNull(pooledVelocityError(all)),
      accel_error: orNull(pooledAccelError(all)),
      per_take,
    };
  }
}
