import {
  MPI_3DHP_GROUPS_14,
  MPI_3DHP_GROUPS_17,
  MUPOTS_EVAL_JOINTS,
  groupIndices,
  mupotsJoints,
  type JointGroup,
  type Skeleton,
} from '../../core';
import type { ProtocolResult } from '../../contract';
import { Mean, meanOfRows, PckTally } from './pckTally';
import { figure, naturalOrder, pckCells, protocolResult, table } from './protocolResults';

interface MupotsGroup {
  readonly rel: PckTally;
  readonly abs: PckTally;
  annotated: number;
  matched: number;
  /** Labelled evaluation joints of the people no prediction was paired with. */
  missedJoints: number;
}

/**
 * MuPoTS-3D's figures, sequence by sequence: paired people's bone-rescaled errors on the 14
 * joints, and the joints of the people nobody was paired with, which "all annotated" counts as
 * wrong (the script sets their prediction 100 m away) and "detected only" leaves out.
 */
export class MupotsTally {
  private readonly groups = new Map<string, MupotsGroup>();
  private readonly why: string | null;

  constructor(skeleton: Skeleton) {
    const m = mupotsJoints(skeleton);
    this.why =
      'missing' in m ? `the ${skeleton.id} skeleton has no ${m.missing.join(', ')} joint` : null;
  }

  private group(g: string): MupotsGroup {
    let x = this.groups.get(g);
    if (!x) {
      x = { rel: new PckTally(), abs: new PckTally(), annotated: 0, matched: 0, missedJoints: 0 };
      this.groups.set(g, x);
    }
    return x;
  }

  /** A person the set counts (valid, not a crowd), with their labelled evaluation joints. */
  person(
    group: string,
    errors: { rel: readonly number[]; abs: readonly number[] } | undefined,
    labelled: number,
  ): void {
    const g = this.group(group);
    g.annotated++;
    if (errors) {
      g.matched++;
      g.rel.add(errors.rel);
      g.abs.add(errors.abs);
    } else g.missedJoints += labelled;
  }

  result(): ProtocolResult {
    if (this.why) return protocolResult('mupots', this.why);
    const rows = naturalOrder(this.groups).filter(([, g]) => g.annotated > 0);
    if (rows.length === 0) return protocolResult('mupots', 'no person with 3D joints to score');
    const cells = rows.map(([name, g]): [string, (number | null)[]] => {
      const relAll = g.rel.withMisses(g.missedJoints);
      const absAll = g.abs.withMisses(g.missedJoints);
      return [
        name,
        [
          relAll.pck,
          g.rel.pck,
          relAll.auc,
          g.rel.auc,
          absAll.pck,
          g.abs.pck,
          absAll.auc,
          g.abs.auc,
          g.annotated,
          g.matched,
        ],
      ];
    });
    // The overall figure papers table: the mean of the sequences' figures.
    const avg = (k: number) => meanOfRows(cells.map(([, v]) => v[k]!));
    const joints = MUPOTS_EVAL_JOINTS.length;
    const f = (key: string, label: string, title: string, k: number) =>
      figure(key, label, `${title}, ${joints} joints, mean of sequences`, '%', avg(k));
    return protocolResult(
      'mupots',
      null,
      [
        f('PCK3D_rel_all', '3DPCK all', '3DPCK@150 root-relative over all annotated people', 0),
        f('PCK3D_rel_matched', '3DPCK det.', '3DPCK@150 root-relative over detected people', 1),
        f('AUC_rel_all', 'AUC all', 'AUC root-relative over all annotated people', 2),
        f('AUC_rel_matched', 'AUC det.', 'AUC root-relative over detected people', 3),
        f('PCK3D_abs_all', '3DPCK abs all', '3DPCK@150 absolute over all annotated people', 4),
        f('PCK3D_abs_matched', '3DPCK abs det.', '3DPCK@150 absolute over detected people', 5),
      ],
      [
        table(
          '3DPCK@150 and AUC per sequence (all annotated / detected only)',
          'sequence',
          [
            ['PCK all', '%'],
            ['PCK det.', '%'],
            ['AUC all', '%'],
            ['AUC det.', '%'],
            ['abs PCK all', '%'],
            ['abs PCK det.', '%'],
            ['abs AUC all', '%'],
            ['abs AUC det.', '%'],
            ['people', ''],
            ['detected', ''],
          ],
          [
            ...cells,
            [
              'Avg',
              [
                ...cells[0]![1].slice(0, 8).map((_, k) => avg(k)),
                cells.reduce((n, [, v]) => n + v[8]!, 0),
                cells.reduce((n, [, v]) => n + v[9]!, 0),
              ],
            ],
          ],
        ),
      ],
    );
  }
}

interface JointSet {
  readonly name: string;
  readonly groups: { label: string; joints: number[]; tally: PckTally }[];
  readonly total: PckTally;
  readonly all: number[];
  readonly missing: string[];
}

const jointSet = (skeleton: Skeleton, name: string, spec: readonly JointGroup[]): JointSet => {
  const { groups, missing } = groupIndices(skeleton, spec);
  return {
    name,
    groups: groups.map((g) => ({ ...g, tally: new PckTally() })),
    total: new PckTally(),
    all: groups.flatMap((g) => g.joints),
    missing,
  };
};

/**
 * MPI-INF-3DHP's figures: root-relative errors, no pairing rules or rescaling of its own, per
 * joint group of the 14- and 17-joint sets, pooled over every person (its "All" row), and the
 * 17-joint figures per sequence.
 */
export class Mpi3dhpTally {
  private readonly sets: JointSet[];
  private readonly sequences = new Map<string, { tally: PckTally; mpjpe: Mean }>();

  constructor(skeleton: Skeleton) {
    this.sets = [
      jointSet(skeleton, '14-joint set', MPI_3DHP_GROUPS_14),
      jointSet(skeleton, '17-joint set', MPI_3DHP_GROUPS_17),
    ];
  }

  /** A paired person's root-relative errors (every skeleton joint) and MPJPE. */
  person(group: string, rel: readonly number[], mpjpe: number): void {
    for (const s of this.sets) {
      for (const g of s.groups) g.tally.add(rel, g.joints);
      s.total.add(rel, s.all);
    }
    let q = this.sequences.get(group);
    if (!q) {
      q = { tally: new PckTally(), mpjpe: new Mean() };
      this.sequences.set(group, q);
    }
    q.tally.add(rel, this.sets[1]!.all);
    q.mpjpe.add(mpjpe);
  }

  result(): ProtocolResult {
    const [s14, s17] = this.sets as [JointSet, JointSet];
    if (s14.total.total === 0) return protocolResult('3dhp', 'no person with 3D joints was paired');
    const missing = [...new Set([...s14.missing, ...s17.missing])];
    const note =
      missing.length > 0
        ? `the skeleton has no ${missing.join(', ')} joint: its groups are scored without it`
        : null;
    const setTable = (s: JointSet) =>
      table(
        `3DPCK@150 and AUC per joint group, ${s.name}`,
        'group',
        [
          ['3DPCK', '%'],
          ['AUC', '%'],
        ],
        [
          ...s.groups
            .filter((g) => g.joints.length > 0)
            .map((g) => [g.label, pckCells(g.tally)] as const),
          ['Total', pckCells(s.total)],
        ],
      );
    return protocolResult(
      '3dhp',
      note,
      [
        figure(
          'PCK3D_14',
          '3DPCK (14)',
          '3DPCK@150, 14-joint set, all people pooled',
          '%',
          s14.total.pck,
        ),
        figure('AUC_14', 'AUC (14)', 'AUC, 14-joint set, all people pooled', '%', s14.total.auc),
        figure(
          'PCK3D_17',
          '3DPCK (17)',
          '3DPCK@150, 17-joint set, all people pooled',
          '%',
          s17.total.pck,
        ),
        figure('AUC_17', 'AUC (17)', 'AUC, 17-joint set, all people pooled', '%', s17.total.auc),
      ],
      [
        setTable(s14),
        setTable(s17),
        table(
          'Per sequence, 17-joint set',
          'sequence',
          [
            ['3DPCK', '%'],
            ['AUC', '%'],
            ['MPJPE', 'mm'],
          ],
          naturalOrder(this.sequences).map(([g, q]) => [g, [...pckCells(q.tally), q.mpjpe.value]]),
        ),
      ],
    );
  }
}
