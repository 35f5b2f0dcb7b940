import type { PosesOf } from './media';
import type { JobRunner } from './inferenceJobs';
import type { EventName, EventPayload, PoseScopeService } from '../../contract';

export interface ServiceOptions {
  readonly version: string;
  /** The app's folder: its models/ hold the bundled model cards and pipelines. */
  readonly appRoot: string;
  readonly shell: 'electron' | 'browser';
  /** Settings (recent datasets) live here. */
  readonly userDir: string;
  /** Index files go here when given (tests, `--user-data`); else the user cache folder. */
  readonly indexDir?: string;
  /** The bundled sample dataset, when installed. */
  readonly sampleDir?: string;
  /** A folder named on the command line, opened on start instead of the last one. */
  readonly startDataset?: string;
  readonly parseWorker?: string;
  readonly indexWorker?: string;
  /** The bundled scoring worker; runs' set figures are computed inline without it (tests). */
  readonly summaryWorker?: string;
  /** The bundled inference worker; runs go inline without it (tests from source). */
  readonly inferWorker?: string;
  /** Starts inference jobs instead of the worker (tests stand in a GPU that fails mid-run). */
  readonly inferRunner?: JobRunner;
  readonly emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void;
  readonly warn: (message: string) => void;
}

export interface Services {
  readonly service: PoseScopeService;
  /** Absolute path of a frame's image, refused unless it lies inside its dataset's folder. */
  imagePath(datasetId: number, imageId: number): string;
  /** A frame's labelled skeletons for its thumbnail (media's `&pose`). */
  posesOf: PosesOf;
  close(): void;
}
