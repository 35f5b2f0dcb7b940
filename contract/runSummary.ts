import { z } from 'zod';
import { PROTOCOL_IDS } from '../core/metrics/protocols';

/**
 * A run's set figures as scoring stores them and `posescope eval --json` prints them: every
 * figure a protocol defines, each optional (a 3D set has no OKS, COCO no MPJPE; root AP/AR only
 * for multi-person sets) and null where nothing could be scored.
 */

const unit = z.enum(['mm', '%', '']);

/** One figure of a published protocol, as `posescope eval --protocol` prints it. */
export const protocolFigure = z.object({
  key: z.string(),
  label: z.string(),
  /** What it is, in the protocol's words. */
  title: z.string(),
  unit,
  value: z.number().nullable(),
  lowerIsBetter: z.boolean(),
});

/** A protocol's table (per sequence, per action, per joint group), rows as the papers print them. */
export const protocolTable = z.object({
  title: z.string(),
  corner: z.string(),
  columns: z.array(z.object({ label: z.string(), unit })),
  rows: z.array(z.object({ label: z.string(), values: z.array(z.number().nullable()) })),
});

/** A run's figures under one protocol; `note` says what it could not score, or why nothing. */
export const protocolResult = z.object({
  id: z.enum(PROTOCOL_IDS),
  title: z.string(),
  summary: z.string(),
  source: z.string(),
  note: z.string().nullable(),
  figures: z.array(protocolFigure),
  tables: z.array(protocolTable),
});

/** A figure: null where the set had nothing to score it on. */
const value = z.number().nullable().optional();

/** The 3D figures (Human3.6M, MuPoTS-3D), millimetres and percent. */
export const FIGURES_3D = [
  'MPJPE',
  'PA_MPJPE',
  'MRPE',
  'MRPE_x',
  'MRPE_y',
  'MRPE_z',
  'PCK3D_rel',
  'PCK3D_abs',
  'AUC_rel',
] as const;
/**
 * The temporal figures of 3D sets over takes (people followed across consecutive frames):
 * VideoPose3D's MPJVE (mm/frame) and HMMR/VIBE's acceleration error (mm/frame²).
 */
export const TEMPORAL_FIGURES = ['MPJVE', 'accel_error'] as const;
/** RootNet's root AP/AR at 25, 20, 15 and 10 cm. */
export const ROOT_AP_FIGURES = [
  'AP_root_25',
  'AR_root_25',
  'AP_root_20',
  'AR_root_20',
  'AP_root_15',
  'AR_root_15',
  'AP_root_10',
  'AR_root_10',
] as const;
/** The 2D figures (cocoapi's keypoint AP/AR, PCK@0.2, mean OKS). */
export const FIGURES_2D = [
  'PCK2D',
  'AP_OKS',
  'AP_OKS_50',
  'AP_OKS_75',
  'AR_OKS',
  'mean_OKS',
] as const;

export type FigureKey =
  | (typeof FIGURES_3D)[number]
  | (typeof TEMPORAL_FIGURES)[number]
  | (typeof ROOT_AP_FIGURES)[number]
  | (typeof FIGURES_2D)[number];

/** Every set figure, in the order scoring writes them. */
export const ALL_FIGURES: readonly FigureKey[] = [
  ...FIGURES_3D,
  ...TEMPORAL_FIGURES,
  ...ROOT_AP_FIGURES,
  ...FIGURES_2D,
];

const figures = Object.fromEntries(ALL_FIGURES.map((k) => [k, value])) as Record<
  FigureKey,
  typeof value
>;

/** One row of a per-group table (Human3.6M action, MuPoTS-3D or COCO sequence). */
export const groupFigures = z.object({
  group: z.string(),
  count: z.number(),
  MPJPE: value,
  PA_MPJPE: value,
  PCK3D_rel: value,
  PCK2D: value,
});

/** One joint's figures over the set: MPJPE and 3DPCK for 3D sets, PCK@0.2 and PCKh for 2D. */
export const jointFigures = z.object({
  joint: z.string(),
  MPJPE: value,
  PCK3D_rel: value,
  PCK2D: value,
  PCKh: value,
});

/** One take's temporal figures; `frames` counts its frames scored on a tracked person. */
export const takeFigures = z.object({
  take: z.string(),
  frames: z.number(),
  MPJVE: value,
  accel_error: value,
});

export const runSummary = z.object({
  ...figures,
  /** The scoring version that computed them; another version's are scored again. */
  scoring: z.number().optional(),
  /** The scorer's word on units (predictions in metres against a millimetre dataset). */
  units: z.string().nullable().optional(),
  /** People paired with a prediction, of the labelled people the set counts. */
  matched: z.number().optional(),
  instances: z.number().optional(),
  per_group: z.array(groupFigures).optional(),
  per_joint: z.array(jointFigures).optional(),
  /** Takes a 3D run was scored on, in natural order, with their temporal figures. */
  per_take: z.array(takeFigures).optional(),
  protocols: z.array(protocolResult).optional(),
});

export type ProtocolResult = z.infer<typeof protocolResult>;
export type RunSummary = z.infer<typeof runSummary>;
export type GroupFigures = z.infer<typeof groupFigures>;
export type JointFigures = z.infer<typeof jointFigures>;
export type TakeFigures = z.infer<typeof takeFigures>;
