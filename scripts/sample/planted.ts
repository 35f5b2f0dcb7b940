// The sample's deliberate mistakes, named by sequence, frame and person so the README can list
// them and the tests can check each one is really there. Ground-truth mistakes are for the user
// to find and correct; prediction mistakes are what a real model gets wrong and evaluation
// should surface. No person carries both kinds.
import type { Vec2 } from '../../core';
import type { ActorId, SampleCamera } from './scene';

interface Where {
  readonly seq: SampleCamera['seq'];
  readonly frame: number;
  readonly actor: ActorId;
}

export type LabelError = Where &
  (
    | { readonly kind: 'moved-2d'; readonly joint: string; readonly offset: Vec2 }
    | { readonly kind: 'swapped-sides' }
    | { readonly kind: 'wrong-depth'; readonly joint: string; readonly mm: number }
    | { readonly kind: 'collapsed'; readonly joint: string; readonly onto: string }
  );

export const LABEL_ERRORS: readonly LabelError[] = [
  { seq: 'TS1', frame: 9, actor: 'ana', kind: 'moved-2d', joint: 'R_Wrist', offset: [31, -36] },
  { seq: 'TS2', frame: 17, actor: 'cleo', kind: 'swapped-sides' },
  { seq: 'TS1', frame: 23, actor: 'ben', kind: 'wrong-depth', joint: 'L_Knee', mm: 400 },
  { seq: 'TS2', frame: 8, actor: 'ana', kind: 'moved-2d', joint: 'L_Ankle', offset: [-27, 19] },
  { seq: 'TS1', frame: 27, actor: 'cleo', kind: 'collapsed', joint: 'L_Wrist', onto: 'L_Elbow' },
];

export type PredictionError = Where &
  (
    | { readonly kind: 'root-depth'; readonly mm: number }
    | { readonly kind: 'swapped-sides' }
    /** The forearm or shin whose flip moves its end joint furthest is the one flipped. */
    | { readonly kind: 'depth-flip' }
    | { readonly kind: 'missed' }
  );

export const PREDICTION_ERRORS: readonly PredictionError[] = [
  { seq: 'TS1', frame: 3, actor: 'ana', kind: 'root-depth', mm: 300 },
  { seq: 'TS2', frame: 12, actor: 'ben', kind: 'root-depth', mm: 300 },
  { seq: 'TS1', frame: 20, actor: 'cleo', kind: 'root-depth', mm: -300 },
  { seq: 'TS1', frame: 11, actor: 'ben', kind: 'swapped-sides' },
  { seq: 'TS2', frame: 5, actor: 'ana', kind: 'swapped-sides' },
  { seq: 'TS2', frame: 24, actor: 'cleo', kind: 'swapped-sides' },
  { seq: 'TS1', frame: 28, actor: 'ana', kind: 'depth-flip' },
  { seq: 'TS2', frame: 21, actor: 'cleo', kind: 'depth-flip' },
  { seq: 'TS1', frame: 18, actor: 'ben', kind: 'missed' },
  { seq: 'TS2', frame: 27, actor: 'ana', kind: 'missed' },
];

export const isAt = (e: Where, seq: string, frame: number, actor: ActorId) =>
  e.seq === seq && e.frame === frame && e.actor === actor;
