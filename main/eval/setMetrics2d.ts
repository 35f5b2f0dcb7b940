import { MPII_PCKH_GROUPS, groupIndices, type CocoKeypointStats, type Skeleton } from '../../core';
import type { ProtocolResult } from '../../contract';
import type { Person2d } from './personMetrics';
import { figure, protocolResult, table } from './protocolResults';

/** Hits and scored counts per joint, over people. */
class JointHits {
  readonly hits: number[];
  readonly scored: number[];
  constructor(joints: number) {
    this.hits = new Array<number>(joints).fill(0);
    this.scored = new Array<number>(joints).fill(0);
  }
  add(joints: readonly (boolean | null)[]): void {
    joints.forEach((h, j) => {
      if (h === null) return;
      this.scored[j]!++;
      if (h) this.hits[j]!++;
    });
  }
  /**
   * MMPose's `keypoint_pck_accuracy`: each joint's accuracy over people, then their mean over
   * the joints that were scored at all (%).
   */
  meanOfJoints(): number | null {
    const acc = this.hits.flatMap((h, j) => (this.scored[j]! > 0 ? [h / this.scored[j]!] : []));
    return acc.length === 0 ? null : (100 * acc.reduce((s, a) => s + a, 0)) / acc.length;
  }
  /** One joint's accuracy over people (%), null when it was never scored. */
  ofJoint(j: number): number | null {
    const n = this.scored[j]!;
    return n === 0 ? null : (100 * this.hits[j]!) / n;
  }
  /** evalMPII's pooled figure over some joints: hits over scored joints × people (%). */
  pooled(joints: readonly number[]): number | null {
    let h = 0;
    let n = 0;
    for (const j of joints) {
      h += this.hits[j]!;
      n += this.scored[j]!;
    }
    return n === 0 ? null : (100 * h) / n;
  }
}

const num = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * A 2D prediction set's figures: COCO keypoint AP/AR (cocoapi, all detections), and over the
 * paired people PCK@0.2·box (MMPose's PCKAccuracy: mean of per-joint accuracies), mean OKS and,
 * where people have head boxes, MPII's PCKh@0.5.
 */
export class SetMetrics2d {
  private readonly pck: JointHits;
  private readonly pckh: JointHits;
  private withHead = 0;
  private oksSum = 0;
  private oksN = 0;
  private readonly groups = new Map<string, { pck: JointHits; count: number }>();
  matched = 0;
  instances = 0;

  constructor(private readonly skeleton: Skeleton) {
    this.pck = new JointHits(skeleton.joints.length);
    this.pckh = new JointHits(skeleton.joints.length);
  }

  addPerson(group: string, m: Person2d | undefined): void {
    this.matched++;
    const g = this.groups.get(group) ?? {
      pck: new JointHits(this.skeleton.joints.length),
      count: 0,
    };
    g.count++;
    if (m) {
      this.pck.add(m.pck);
      g.pck.add(m.pck);
      if (Number.isFinite(m.oks)) {
        this.oksSum += m.oks;
        this.oksN++;
      }
      if (m.pckh) {
        this.withHead++;
        this.pckh.add(m.pckh);
      }
    }
    this.groups.set(group, g);
  }

  /** A person with a head size whom no prediction paired: every labelled joint a PCKh miss. */
  addMissedHead(joints: readonly (boolean | null)[]): void {
    this.withHead++;
    this.pckh.add(joints);
  }

  /** `sigmaNote`: how the OKS constants were chosen, when the layout publishes none. */
  summary(stats: CocoKeypointStats, sigmaNote: string | null = null) {
    return {
      PCK2D: this.pck.meanOfJoints(),
      AP_OKS: num(stats.ap),
      AP_OKS_50: num(stats.ap50),
      AP_OKS_75: num(stats.ap75),
      AR_OKS: num(stats.ar),
      mean_OKS: this.oksN === 0 ? null : this.oksSum / this.oksN,
      matched: this.matched,
      instances: this.instances,
      per_group: [...this.groups].map(([group, g]) => ({
        group,
        count: g.count,
        PCK2D: g.pck.meanOfJoints(),
      })),
      per_joint: this.skeleton.joints.map((joint, j) => ({
        joint: joint.name,
        PCK2D: this.pck.ofJoint(j),
        ...(this.withHead > 0 ? { PCKh: this.pckh.ofJoint(j) } : {}),
      })),
      protocols: [cocoProtocol(stats, sigmaNote), this.pckhProtocol()],
    };
  }

  /** evalMPII's table: Head … Ankle, UBody and Total, each pooled over its joints × people. */
  private pckhProtocol(): ProtocolResult {
    if (this.withHead === 0)
      return protocolResult(
        'pckh',
        'no paired person has a head size (an annotation’s head_size, or head_box [x1, y1, x2, y2])',
      );
    const { groups, missing } = groupIndices(this.skeleton, MPII_PCKH_GROUPS);
    const totalJoints = [...new Set(groups.slice(0, 7).flatMap((g) => g.joints))];
    const rows = groups
      .filter((g) => g.joints.length > 0)
      .map((g) => [g.label, [this.pckh.pooled(g.joints)]] as const);
    const total = this.pckh.pooled(totalJoints);
    return protocolResult(
      'pckh',
      missing.length > 0
        ? `the ${this.skeleton.id} skeleton has no ${missing.join(', ')} joint: left out of its groups and the total`
        : null,
      [
        figure('PCKh', 'PCKh@0.5', 'PCKh@0.5 over the 14 MPII joints', '%', total),
        figure('PCKh_people', 'people', 'labelled people with a head box', '', this.withHead),
      ],
      [table('PCKh@0.5 per joint group', 'group', [['PCKh', '%']], [...rows, ['Total', [total]]])],
    );
  }
}

/** cocoapi's ten keypoint figures. */
function cocoProtocol(s: CocoKeypointStats, sigmaNote: string | null): ProtocolResult {
  if (Number.isNaN(s.ap))
    return protocolResult(
      'coco',
      'no labelled person to score (crowds and empty people are ignored)',
    );
  const f = (key: string, label: string, title: string, v: number) =>
    figure(key, label, title, '%', num(v));
  return protocolResult('coco', sigmaNote, [
    f('AP', 'AP', 'AP over OKS 0.50:0.95, all areas', s.ap),
    f('AP50', 'AP50', 'AP at OKS 0.50', s.ap50),
    f('AP75', 'AP75', 'AP at OKS 0.75', s.ap75),
    f('APm', 'APm', 'AP, medium people (32²–96² px²)', s.apMedium),
    f('APl', 'APl', 'AP, large people (> 96² px²)', s.apLarge),
    f('AR', 'AR', 'AR over OKS 0.50:0.95, all areas', s.ar),
    f('AR50', 'AR50', 'AR at OKS 0.50', s.ar50),
    f('AR75', 'AR75', 'AR at OKS 0.75', s.ar75),
    f('ARm', 'ARm', 'AR, medium people', s.arMedium),
    f('ARl', 'ARl', 'AR, large people', s.arLarge),
  ]);
}

export type Summary2d = ReturnType<SetMetrics2d['summary']>;
