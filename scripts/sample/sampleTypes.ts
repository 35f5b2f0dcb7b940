import type { LabelError } from './planted';

/** A planted label error as written: where it went. */
export interface AppliedLabelError {
  readonly error: LabelError;
  readonly imageId: number;
  readonly annId: number;
}

/** The run's figures as PoseScope's evaluation should report them (mm). */
export interface ExpectedFigures {
  readonly instances: number;
  readonly matched: number;
  readonly MPJPE: number;
  readonly MRPE: number;
  /** Each predicted person's MPJPE (root-relative) and root error, by annotation id. */
  readonly perPerson: ReadonlyMap<number, { mpjpe: number; mrpe: number }>;
}
