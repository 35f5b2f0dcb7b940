import { join } from 'node:path';
import type { PoseScopeService } from '../../contract';
import type { DoctorReport } from '../inference/doctor';
import { modelCatalog } from '../inference/modelCatalog';
import { modelFolderList } from '../inference/modelRegistry';
import { inspectModel, onnxPathOf } from '../inference/onnxInspect';
import { checkModelCard, removeModelCard, saveModelCard } from '../inference/userModels';
import { userSettingsFile } from '../platform/userDataDir';

export type ModelCalls = Pick<
  PoseScopeService,
  'listModels' | 'inspectModel' | 'checkModelCard' | 'saveModelCard' | 'removeModelCard'
>;

export interface ModelCallOptions {
  readonly appRoot: string;
  /** The settings folder; the user's model folder is its `models/`. */
  readonly userDir: string;
  readonly doctor: () => Promise<DoctorReport>;
  /** The skeleton of an open dataset (throws for one that is not open). */
  readonly skeletonOf: (datasetId: number) => string;
}

/**
 * The Models page's calls. Reading takes any .onnx file the person picked (the dialog is
 * theirs, and reading tensor shapes changes nothing); writing and removing stay inside the
 * user's model folder, which the checks in userModels.ts hold to.
 */
export function modelCalls(o: ModelCallOptions): ModelCalls {
  const userFolder = join(o.userDir, 'models');
  const folders = modelFolderList(o.appRoot, [], userFolder);
  return {
    listModels: async ({ datasetId }) =>
      modelCatalog({
        folders,
        userFolder,
        doctor: await o.doctor(),
        settingsFile: userSettingsFile(o.userDir),
        ...(datasetId === undefined ? {} : { skeleton: o.skeletonOf(datasetId) }),
      }),
    inspectModel: async ({ onnx }) => inspectModel(onnxPathOf(onnx)),
    checkModelCard: async ({ onnx, card }) => checkModelCard(onnxPathOf(onnx), card),
    saveModelCard: async ({ onnx, card }) =>
      saveModelCard({
        onnx: onnxPathOf(onnx),
        card,
        userFolder,
        folders: folders.map((f) => f.path),
      }),
    removeModelCard: ({ file }) => removeModelCard({ file, userFolder }),
  };
}
