import type { PoseScopeService, RunInfo } from '../../contract';
import type { EditSession } from '../edit/editSession';
import { deleteRun, renameRun } from '../store/runs/runAdmin';
import { listRuns } from '../store/runs/runList';
import type { OpenDataset, OpenDatasets } from './openDatasets';
import type { ServiceOptions } from './serviceOptions';

type RunCalls = Pick<PoseScopeService, 'renameRun' | 'deleteRun'>;

/**
 * Renaming and deleting runs from the app. Writes go through the edit session's writer, the one
 * connection the app writes a dataset's index with, so they queue behind edits instead of racing
 * them for the file. `busy(datasetId, runId)` (the session's dataset id) says whether an inference
 * job is writing the run: such a run is refused, since the job would write on under the old name
 * or into a run that is gone.
 */
export function runCalls(
  open: OpenDatasets,
  edits: EditSession,
  emit: ServiceOptions['emit'],
  busy: (datasetId: number, runId: number) => boolean,
): RunCalls {
  const refuseBusy = (d: OpenDataset, runId: number, verb: string) => {
    if (!busy(d.sessionId, runId)) return;
    const name = listRuns(d.reader, d.dbId).find((r) => r.id === runId)?.name ?? `run ${runId}`;
    throw new Error(
      `cannot ${verb} "${name}": an inference job is writing it; stop the job first (it stays resumable)`,
    );
  };

  return {
    renameRun({ datasetId, runId, name }) {
      const d = open.get(datasetId);
      refuseBusy(d, runId, 'rename');
      const run = edits.write(d, (db): RunInfo | undefined => {
        renameRun(db, d.dbId, runId, name);
        return listRuns(db, d.dbId).find((r) => r.id === runId);
      });
      if (!run) throw new Error(`run ${runId} was renamed but is no longer in ${d.name}`);
      emit('datasetChanged', { datasetId });
      return run;
    },

    deleteRun({ datasetId, runId }) {
      const d = open.get(datasetId);
      refuseBusy(d, runId, 'delete');
      edits.write(d, (db) => deleteRun(db, d.dbId, runId));
      emit('datasetChanged', { datasetId });
      return { deleted: runId };
    },
  };
}
