import type { IndexDb } from '../db/openIndex';

/** One corrected person's figures for a run (null where the run did not match them). */
export interface PersonFigures {
  readonly mpjpe: number | null;
  readonly pa_mpjpe: number | null;
  readonly mrpe: number | null;
  readonly pck_rel: number | null;
  readonly oks: number | null;
  readonly pck_2d: number | null;
}

/** The figures of a run's edited people, prepared once for run after run. */
export function editedPeopleMetrics(db: IndexDb) {
  const people = db.prepare(
    `SELECT m.instance_id, m.mpjpe, m.pa_mpjpe, m.mrpe, m.pck_rel, m.oks, m.pck_2d
     FROM instance_metrics m JOIN instances i ON i.id = m.instance_id
     WHERE m.run_id = ? AND i.edited != 0`,
  );
  return (runId: number) => people.all(runId) as (PersonFigures & { instance_id: number })[];
}
