import { getSkeleton } from '../../core';
import { jointFromWire2, jointFromWire3, type PoseScopeService } from '../../contract';
import { invalidArguments } from '../../contract/dispatch';
import { editRequestFor } from '../../contract/schemas';
import { commitEdit, redoEdit, undoEdit } from '../edit/editLog';
import type { EditSession } from '../edit/editSession';
import { setReview } from '../edit/editSession';
import { personBoneMedians } from '../edit/personBones';
import { addPerson, deletePerson } from '../edit/personPresence';
import { correctFromViews } from '../edit/viewsCorrection';
import type { OpenDatasets } from './openDatasets';
import type { SettingsStore } from './settings';

type EditCalls = Pick<
  PoseScopeService,
  | 'editPerson'
  | 'addPerson'
  | 'deletePerson'
  | 'undoEdit'
  | 'redoEdit'
  | 'editState'
  | 'setReview'
  | 'personBones'
  | 'correctFromViews'
>;

/** The contract's corrections: every write through the session's one writer per dataset. */
export function editCalls(
  open: OpenDatasets,
  edits: EditSession,
  settings: SettingsStore,
): EditCalls {
  return {
    editPerson(req) {
      if (req.tool === 'add-person' || req.tool === 'delete-person')
        throw new Error(`${req.tool} is its own call (addPerson, deletePerson), not an edit`);
      const d = open.get(req.datasetId);
      const shape = editRequestFor(d.skeleton, getSkeleton(d.skeleton).joints.length).safeParse(
        req,
      );
      if (!shape.success) throw new Error(invalidArguments('editPerson', shape.error));
      const r = edits.write(
        d,
        (db) =>
          commitEdit(
            db,
            d.dbId,
            {
              instanceId: req.instanceId,
              tool: req.tool,
              joint: req.joint,
              ...(req.joints3d ? { joints3d: req.joints3d.map(jointFromWire3) } : {}),
              ...(req.joints2d ? { joints2d: req.joints2d.map(jointFromWire2) } : {}),
              ...(req.visibility ? { vis: req.visibility } : {}),
              ...(req.bbox === undefined ? {} : { bbox: req.bbox }),
              ...(req.version === undefined ? {} : { version: req.version }),
            },
            settings.annotator(),
          ),
        (out) => out.images,
      );
      return { ...r, state: edits.state(d) };
    },

    addPerson(req) {
      const d = open.get(req.datasetId);
      const r = edits.write(
        d,
        (db) =>
          addPerson(
            db,
            { id: d.dbId, format: d.format, skeleton: d.skeleton },
            {
              imageId: req.imageId,
              ...(req.joints3d ? { joints3d: req.joints3d.map(jointFromWire3) } : {}),
              ...(req.joints2d ? { joints2d: req.joints2d.map(jointFromWire2) } : {}),
              ...(req.visibility ? { vis: req.visibility } : {}),
              ...(req.bbox ? { bbox: req.bbox } : {}),
            },
            settings.annotator(),
          ),
        (out) => out.images,
      );
      return { ...r, state: edits.state(d) };
    },

    deletePerson({ datasetId, instanceId }) {
      const d = open.get(datasetId);
      const r = edits.write(
        d,
        (db) => deletePerson(db, d.dbId, instanceId, settings.annotator()),
        (out) => out.images,
      );
      return { ...r, state: edits.state(d) };
    },

    undoEdit: ({ datasetId }) => edits.step(open.get(datasetId), undoEdit),

    redoEdit: ({ datasetId }) => edits.step(open.get(datasetId), redoEdit),

    editState: ({ datasetId }) => edits.state(open.get(datasetId)),

    setReview({ datasetId, imageId, status }) {
      const d = open.get(datasetId);
      edits.write(d, (db) => setReview(db, d.dbId, imageId, status, settings.annotator()));
      return { imageId, status };
    },

    correctFromViews(req) {
      const d = open.get(req.datasetId);
      const { datasetId: _, ...correction } = req;
      const r = edits.write(
        d,
        (db) =>
          correctFromViews(
            db,
            d.dbId,
            getSkeleton(d.skeleton).joints.length,
            correction,
            settings.annotator(),
          ),
        (out) => out.images,
      );
      return { ...r, state: edits.state(d) };
    },

    personBones: ({ datasetId, instanceId }) => {
      const d = open.get(datasetId);
      return personBoneMedians(d.reader, d.dbId, d.skeleton, instanceId);
    },
  };
}
