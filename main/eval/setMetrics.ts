import type { ROOT_AP_FIGURES } from '../../contract';
import { ROOT_AP_THRESHOLDS_MM, type ScoredRoot, type Skeleton, type Vec3 } from '../../core';
import { Mean, PckTally } from './pckTally';
import { h36mProtocol } from './protocolResults';
import { RootApTally } from './rootApTally';
import { Mpi3dhpTally, MupotsTally } from './protocolTallies3d';

/** What one matched person contributes to its set's figures. */
export interface PersonResult {
  readonly group: string;
  readonly mpjpe?: number;
  readonly paMpjpe?: number;
  /** Root-relative error per joint (mm), NaN where either side lacks the joint. */
  readonly relErrors?: readonly number[];
  readonly absErrors?: readonly number[];
  readonly root?: { total: number; x: number; y: number; z: number };
  /** MuPoTS-3D's bone-rescaled errors on its 14 joints (mm), root-relative and absolute. */
  readonly mupots?: { readonly rel: readonly number[]; readonly abs: readonly number[] };
  /** Share of joint pairs ordered in depth as the ground truth orders them (%). */
  readonly rankingAcc?: number;
  /** Camera depth of the ground-truth and predicted roots (mm). */
  readonly rootZ?: { readonly gt: number; readonly pred: number };
}

/** AP_root/AR_root at 25, 20, 15 and 10 cm (multi-person sets only). */
type RootApKey = (typeof ROOT_AP_FIGURES)[number];

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
 * Accumulates a 3D prediction set's figures the way the papers report them, each defined by one
 * protocol: MPJPE (Human3.6M Protocol 1) and PA-MPJPE (Protocol 2) averaged over people;
 * PCK3D_rel and AUC_rel pooled over every joint of every paired person, root-relative, as
 * MPI-INF-3DHP's script pools its joint set (here: all of the skeleton's joints); PCK3D_abs is
 * MuPoTS-3D's absolute 3DPCK over detected people; MRPE over paired roots and AP_root/AR_root
 * over all detections (RootNet). `protocols` holds each protocol's own figures and tables.
 */
export class SetMetrics3d {
  private readonly mpjpe = new Mean();
  private readonly pa = new Mean();
  private readonly mrpe = [new Mean(), new Mean(), new Mean(), new Mean()];
  private readonly rel = new PckTally();
  private readonly joints: { err: Mean; pck: PckTally }[];
  private readonly groups = new Map<
    string,
    { mpjpe: Mean; pa: Mean; pck: PckTally; count: number }
  >();
  private readonly rootAp = new RootApTally();
  private readonly mupots: MupotsTally;
  private readonly mpi3dhp: Mpi3dhpTally;
  private readonly jointNames: readonly string[];
  private maxPeople = 0;
  matched = 0;
  instances = 0;

  constructor(skeleton: Skeleton) {
    this.jointNames = skeleton.joints.map((j) => j.name);
    this.joints = this.jointNames.map(() => ({ err: new Mean(), pck: new PckTally() }));
    this.mupots = new MupotsTally(skeleton);
    this.mpi3dhp = new Mpi3dhpTally(skeleton);
  }

  addImage(preds: ScoredRoot[], gts: Vec3[], people: number): void {
    this.instances += people;
    this.maxPeople = Math.max(this.maxPeople, people);
    this.rootAp.add(preds, gts);
  }

  /**
   * A person the set counts, paired (`r`) or missed: MuPoTS-3D's "all annotated" figures count
   * a missed person's `labelled` evaluation joints as wrong.
   */
  addCounted(group: string, r: PersonResult | undefined, labelled: number): void {
    this.mupots.person(group, r?.mupots, labelled);
  }

  addPerson(r: PersonResult): void {
    this.matched++;
    this.mpjpe.add(r.mpjpe);
    this.pa.add(r.paMpjpe);
    if (r.root)
      [r.root.total, r.root.x, r.root.y, r.root.z].forEach((v, i) => this.mrpe[i]!.add(v));
    this.rel.add(r.relErrors);
    r.relErrors?.forEach((e, j) => {
      this.joints[j]?.err.add(e);
      this.joints[j]?.pck.addOne(e);
    });
    if (r.relErrors && r.mpjpe !== undefined) this.mpi3dhp.person(r.group, r.relErrors, r.mpjpe);
    const g = this.groups.get(r.group) ?? {
      mpjpe: new Mean(),
      pa: new Mean(),
      pck: new PckTally(),
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
        const { ap, ar } = this.rootAp.at(t);
        rootAp[`AP_root_${t / 10}` as RootApKey] = Number.isFinite(ap) ? ap : null;
        rootAp[`AR_root_${t / 10}` as RootApKey] = Number.isFinite(ar) ? ar : null;
      }
    }
    const mupots = this.mupots.result();
    const groupMeans = (pick: 'mpjpe' | 'pa') =>
      new Map([...this.groups].map(([k, g]) => [k, g[pick]] as const));
    return {
      MPJPE: this.mpjpe.value,
      PA_MPJPE: this.pa.value,
      MRPE: this.mrpe[0]!.value,
      MRPE_x: this.mrpe[1]!.value,
      MRPE_y: this.mrpe[2]!.value,
      MRPE_z: this.mrpe[3]!.value,
      PCK3D_rel: this.rel.pck,
      PCK3D_abs: mupots.figures.find((f) => f.key === 'PCK3D_abs_matched')?.value ?? null,
      AUC_rel: this.rel.auc,
      ...rootAp,
      matched: this.matched,
      instances: this.instances,
      per_joint: this.joints.map((j, i): JointRow => ({
        joint: this.jointNames[i]!,
        MPJPE: j.err.value,
        PCK3D_rel: j.pck.pck,
      })),
      per_group: [...this.groups].map(([group, g]): GroupRow => ({
        group,
        count: g.count,
        MPJPE: g.mpjpe.value,
        PA_MPJPE: g.pa.value,
        PCK3D_rel: g.pck.pck,
      })),
      protocols: [
        h36mProtocol('h36m-p1', this.mpjpe, groupMeans('mpjpe')),
        h36mProtocol('h36m-p2', this.pa, groupMeans('pa')),
        mupots,
        this.mpi3dhp.result(),
      ],
    };
  }
}

export type Summary3d = ReturnType<SetMetrics3d['summary']>;
