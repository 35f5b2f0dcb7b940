import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { userDataDir } from '../platform/userDataDir';
import {
  indexWorkerOf,
  inferWorkerOf,
  parseWorkerOf,
  sampleDirOf,
  serviceWorkerOf,
  summaryWorkerOf,
} from '../platform/paths';
import { inlineBackend, type BackendOptions, type ServiceBackend } from './backend';
import { workerBackend } from './workerBackend';

export interface BackendStart {
  readonly appRoot: string;
  readonly version: string;
  readonly shell: 'electron' | 'browser';
  /**
   * Settings and indexes in one folder (`--user-data`, or POSESCOPE_USER_DATA for tests and
   * portable installs); the user's config and cache folders otherwise.
   */
  readonly userData?: string;
  readonly startDataset?: string;
  /** Overrides where the sample dataset is (a packaged app keeps it in its resources). */
  readonly sampleDir?: string;
}

/**
 * The services for a shell: on a worker thread when the app is built (its SQLite reads and
 * image decoding then never block the process routing requests), inline from source.
 */
export function startBackend(s: BackendStart): ServiceBackend {
  const sample = s.sampleDir ?? sampleDirOf(s.appRoot);
  const userData = s.userData ?? process.env.POSESCOPE_USER_DATA;
  const o: BackendOptions = {
    version: s.version,
    appRoot: s.appRoot,
    shell: s.shell,
    userDir: userDataDir(userData),
    indexDir: userData ? join(userData, 'indexes') : undefined,
    sampleDir: existsSync(sample) ? sample : undefined,
    startDataset: s.startDataset,
    parseWorker: parseWorkerOf(s.appRoot),
    indexWorker: indexWorkerOf(s.appRoot),
    summaryWorker: summaryWorkerOf(s.appRoot),
    inferWorker: inferWorkerOf(s.appRoot),
  };
  const worker = serviceWorkerOf(s.appRoot);
  return worker ? workerBackend(worker, o) : inlineBackend(o);
}
