import type { IssueSummary } from '../datasets/issueLog';
import type { PredictionRecord } from '../datasets/predictionFile';
import type { RunFigures } from './scoreRun';

/** A prediction set that produced no figure at all; the import is rolled back. */
export class NothingScoredError extends Error {
  override readonly name = 'NothingScoredError';
}

/** Whether a record holds a pose to score (a record may hold only a box, or nothing valid). */
export const carriesPose = (r: PredictionRecord): boolean =>
  r.jointsCam !== undefined || r.jointsImg !== undefined || r.rootCam !== undefined;

/** The records a prediction set kept to score: how many, and whether any holds a pose. */
export interface KeptRecords {
  readonly count: number;
  readonly carrying: boolean;
}

const issueText = (i: IssueSummary) =>
  `${i.count} × ${i.kind} (${i.examples.slice(0, 2).join('; ')}${i.count > 2 ? '; …' : ''})`;

/**
 * Why a scored prediction set has no figure, or null when it has some: every record rejected
 * (saying what was wrong, e.g. the joint count found against the skeleton's), no record naming
 * an image of the dataset, or no prediction paired with a labelled person.
 */
export function nothingScored(
  where: string,
  records: KeptRecords,
  issues: readonly IssueSummary[],
  figures: RunFigures,
): string | null {
  if (figures.matched > 0) return null;
  const rejected = issues.filter((i) => i.kind !== 'prediction for unknown image');
  if (!records.carrying)
    return `${where}: no prediction could be read${rejected.length > 0 ? `: ${rejected.map(issueText).join('; ')}` : ' (the file holds no record)'}`;
  const unknown = issues.find((i) => i.kind === 'prediction for unknown image');
  if (unknown && unknown.count >= records.count)
    return `${where}: none of its ${records.count} predictions names an image of the dataset (${issueText(unknown)})`;
  if (figures.instances === 0) return `${where}: the dataset has no labelled person to score`;
  return nobodyPaired(where, figures);
}

/** The set was read and names the dataset's images, but pairs with nobody: say so, and units. */
export const nobodyPaired = (where: string, figures: RunFigures): string =>
  `${where}: no prediction was paired with any of the dataset's ${figures.instances} labelled people${figures.units ? `; ${figures.units}` : ''}`;
