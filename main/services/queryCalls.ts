import type { PoseScopeService } from '../../contract';
import { findFailure, listFrames } from '../store/frames/frameList';
import { getFrame } from '../store/frames/frameQueries';
import { getArtifacts } from '../store/runs/artifactQueries';
import { runInDataset } from '../store/runs/runList';
import { listFacets, listGroups, listPeople, runDistributions } from '../store/runs/runQueries';
import { datasetTakes } from '../store/takes/takes';
import { takeTimeline } from '../store/takes/takeSeries';
import { momentViews } from '../store/views/moment';
import type { OpenDataset, OpenDatasets } from './openDatasets';

/** Refuses a run id that belongs to another dataset of the same index. */
function ownRun(d: OpenDataset, runId: number): void {
  if (!runInDataset(d.reader, d.dbId, runId))
    throw new Error(`no run ${runId} in dataset ${d.name}`);
}

/** The read-only calls: frames, people, runs' figures and artifacts, on each dataset's reader. */
export function queryCalls(open: OpenDatasets) {
  return {
    listFrames: (q) => {
      const d = open.get(q.datasetId);
      return listFrames(d.reader, d.dbId, d.format, q);
    },

    getFrame: ({ datasetId, imageId }) => {
      const d = open.get(datasetId);
      return getFrame(d.reader, d, imageId);
    },

    getFrames: ({ datasetId, imageIds }) => {
      const d = open.get(datasetId);
      return imageIds.map((imageId) => getFrame(d.reader, d, imageId));
    },

    listTakes: ({ datasetId }) => {
      const d = open.get(datasetId);
      return datasetTakes(d.reader, { id: d.dbId, format: d.format });
    },

    takeTimeline: ({ datasetId, imageId, runId, joint }) => {
      const d = open.get(datasetId);
      if (runId !== null) ownRun(d, runId);
      return takeTimeline(d.reader, { id: d.dbId, format: d.format }, imageId, runId, joint);
    },

    momentViews: ({ datasetId, imageId }) => {
      const d = open.get(datasetId);
      return momentViews(d.reader, d, imageId);
    },

    listGroups: ({ datasetId }) => listGroups(open.get(datasetId).reader, open.get(datasetId).dbId),

    listFacets: ({ datasetId }) => listFacets(open.get(datasetId).reader, open.get(datasetId).dbId),

    findFailure: (q) => {
      const d = open.get(q.datasetId);
      return findFailure(d.reader, d.dbId, q);
    },

    listPeople: (q) => listPeople(open.get(q.datasetId).reader, open.get(q.datasetId).dbId, q),

    runDistributions: ({ datasetId, runId }) => {
      const d = open.get(datasetId);
      ownRun(d, runId);
      return runDistributions(d.reader, runId);
    },

    getArtifacts: ({ datasetId, runId, instanceId }) => {
      const d = open.get(datasetId);
      ownRun(d, runId);
      return getArtifacts(d.reader, runId, instanceId);
    },
  } satisfies Partial<PoseScopeService>;
}
