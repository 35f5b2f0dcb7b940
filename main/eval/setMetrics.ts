import {
  AUC_THRESHOLDS_MM,
  PCK3D_THRESHOLD_MM,
  ROOT_AP_THRESHOLDS_MM,
  rootApAr,
  type ScoredRoot,
  type Vec3,
} from '../../core';

/** What one matched person contributes to its set's figures. */
export interface PersonResult {
  readonly group: string;
  readonly mpjpe?: number;
  readonly paMpjpe?: number;
  /** Root-relative error per joint (mm), NaN where either side lacks the joint. */
  readonly relErrors?: readonly number[];
  readonly absErrors?: readonly number[];
  readonly root?: { total: number; x: number; y: number; z: number };
  /** Share of joint pairs ordered in depth as the ground truth orders them (%). */
  readonly rankingAcc?: number;
  /** Camera depth of the ground-truth and predicted roots (mm). */
  readonly rootZ?: { readonly gt: number; readonly pred: number };
}

const mean = (m: { sum: number; n: number }) => (m.n === 0 ? null : m.sum / m.n);
const pct = (hits: number, total: number) => (total === 0 ? null : (100 * hits) / total);

class Mean {
  sum = 0;
  n = 0;
  add(v: number | undefined) {
    if (v === undefined || !Number.isFinite(v)) return;
    this.sum += v;
    this.n++;
  }
}

class Pck {
  hits = 0;
  total = 0;
  add(errors: readonly number[] | undefined, threshold = PCK3D_THRESHOLD_MM) {
    for (const e of errors ?? []) {
      if (!Number.isFinite(e)) continue;
      this.total++;
      if (e <= threshold) this.hits++;
    }
  }
}

/** AP_root/AR_root at 25, 20, 15 and 10 cm (multi-person sets only). */
type RootApKey = `${'AP' | 'AR'}_root_${25 | 20 | 15 | 10}`;

export interface GroupRow {
  readonly group: string;
  readonly count: number;
  readonly MPJPE: number | null;
  readonly PA_MPJPE: number | null;
  readonly PCK3D_rel: number | null;
}

export interface JointRow {
  readonly joint: string;
  readonly MPJPE: number | null;
  readonly PCK3D_rel: number | null;
}

/**
 * Accumulates a 3D prediction set's figures the way the papers report them: MPJPE and
 * PA-MPJPE averaged over people, PCK and AUC over every joint of every matched person,
 * MRPE over matched roots, AP_root/AR_root over all detections.
 */
export class SetMetrics3d {
  private readonly mpjpe = new Mean();
  private readonly pa = new Mean();
  private readonly mrpe = [new Mean(), new Mean(), new Mean(), new Mean()];
  private readonly pckRel = new Pck();
  private readonly pckAbs = new Pck();
  private readonly auc = AUC_THRESHOLDS_MM.map(() => new Pck());
  private readonly joints: { err: Mean; pck: Pck }[];
  private readonly groups = new Map<string, { mpjpe: Mean; pa: Mean; pck: Pck; count: number }>();
  private readonly rootImages: { preds: ScoredRoot[]; gts: Vec3[] }[] = [];
  private maxPeople = 0;
  matched = 0;
  instances = 0;

  constructor(private readonly jointNames: readonly string[]) {
    this.joints = jointNames.map(() => ({ err: new Mean(), pck: new Pck() }));
  }

  addImage(preds: ScoredRoot[], gts: Vec3[], people: number): void {
    this.instances += people;
    this.maxPeople = Math.max(this.maxPeople, people);
    if (preds.length > 0 || gts.length > 0) this.rootImages.push({ preds, gts });
  }

  addPerson(r: PersonResult): void {
    this.matched++;
    this.mpjpe.add(r.mpjpe);
    this.pa.add(r.paMpjpe);
    if (r.root)
      [r.root.total, r.root.x, r.root.y, r.root.z].forEach((v, i) => this.mrpe[i]!.add(v));
    this.pckRel.add(r.relErrors);
    this.pckAbs.add(r.absErrors);
    this.auc.forEach((p, i) => p.add(r.relErrors, AUC_THRESHOLDS_MM[i]));
    r.relErrors?.forEach((e, j) => {
      this.joints[j]?.err.add(e);
      this.joints[j]?.pck.add([e]);
    });
    const g = this.groups.get(r.group) ?? {
      mpjpe: new Mean(),
      pa: new Mean(),
      pck: new Pck(),
      count: 0,
    };
    g.count++;
    g.mpjpe.add(r.mpjpe);
    g.pa.add(r.paMpjpe);
    g.pck.add(r.relErrors);
    this.groups.set(r.group, g);
  }

  summary() {
    const rootAp: Partial<Record<RootApKey, number | null>> = {};
    if (this.maxPeople > 1) {
      for (const t of ROOT_AP_THRESHOLDS_MM) {
        const { ap, ar } = rootApAr(this.rootImages, t);
        rootAp[`AP_root_${t / 10}` as RootApKey] = Number.isFinite(ap) ? ap : null;
        rootAp[`AR_root_${t / 10}` as RootApKey] = Number.isFinite(ar) ? ar : null;
      }
    }
    const aucs = this.auc.map((p) => pct(p.hits, p.total));
    return {
      MPJPE: mean(this.mpjpe),
      PA_MPJPE: mean(this.pa),
      MRPE: mean(this.mrpe[0]!),
      MRPE_x: mean(this.mrpe[1]!),
      MRPE_y: mean(this.mrpe[2]!),
      MRPE_z: mean(this.mrpe[3]!),
      PCK3D_rel: pct(this.pckRel.hits, this.pckRel.total),
      PCK3D_abs: pct(this.pckAbs.hits, this.pckAbs.total),
      AUC_rel: aucs.some((a) => a === null)
        ? null
        : aucs.reduce((s: number, a) => s + a!, 0) / aucs.length,
      ...rootAp,
      matched: this.matched,
      instances: this.instances,
      per_joint: this.joints.map((j, i): JointRow => ({
        joint: this.jointNames[i]!,
        MPJPE: mean(j.err),
        PCK3D_rel: pct(j.pck.hits, j.pck.total),
      })),
      per_group: [...this.groups].map(([group, g]): GroupRow => ({
        group,
        count: g.count,
        MPJPE: mean(g.mpjpe),
        PA_MPJPE: mean(g.pa),
        PCK3D_rel: pct(g.pck.hits, g.pck.total),
      })),
    };
  }
}

export type Summary3d = ReturnType<SetMetrics3d['summary']>;
