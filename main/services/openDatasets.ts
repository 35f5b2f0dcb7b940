import { getSkeleton, type AnySkeletonId, type FileSkeletonSpec } from '../../core';
import { realpathSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import type { DatasetFormat } from '../datasets/records';
import { datasetByRoot } from '../store/datasets/datasets';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { registerJointError } from '../store/runs/runQueries';

export interface OpenDataset {
  /** This session's handle for the dataset (the renderer's `datasetId`). */
  readonly sessionId: number;
  /** The dataset's row id inside its index file. */
  readonly dbId: number;
  readonly root: string;
  readonly name: string;
  readonly dbFile: string;
  readonly format: DatasetFormat;
  readonly skeleton: AnySkeletonId;
  readonly skeletonSpec: FileSkeletonSpec | null;
  /** Read-only connection: WAL lets it read while the one writer (indexing, import) writes. */
  readonly reader: IndexDb;
}

/**
 * Resolves `rel` inside `root` and refuses anything that lands outside it: `..` segments,
 * absolute paths, and symbolic links pointing elsewhere (both sides are real paths).
 */
export function resolveInside(root: string, rel: string): string {
  if (rel.includes('\0')) throw new Error(`refused path with a NUL byte: ${JSON.stringify(rel)}`);
  if (isAbsolute(rel)) throw new Error(`refused absolute path ${rel}: not inside ${root}`);
  const realRoot = realpathSync(root);
  let target: string;
  try {
    target = realpathSync(resolve(realRoot, rel));
  } catch {
    throw new Error(`no file ${rel} in ${root}`);
  }
  const within = relative(realRoot, target);
  if (within === '' || within.startsWith(`..${sep}`) || within === '..' || isAbsolute(within))
    throw new Error(`refused ${rel}: it resolves outside the dataset folder ${root}`);
  return target;
}

/** The datasets this session has opened, by session id and by folder. */
export class OpenDatasets {
  private readonly byId = new Map<number, OpenDataset>();
  private next = 1;

  idOf(root: string): number | undefined {
    for (const d of this.byId.values()) if (d.root === root) return d.sessionId;
    return undefined;
  }

  get(sessionId: number): OpenDataset {
    const d = this.byId.get(sessionId);
    if (!d) throw new Error(`no open dataset with id ${sessionId}; open it first`);
    return d;
  }

  /** Registers (or re-registers, after re-indexing) a folder's index. */
  register(root: string, dbFile: string): OpenDataset {
    const sessionId = this.idOf(root) ?? this.next++;
    this.byId.get(sessionId)?.reader.close();
    const reader = openIndex(dbFile, { readonly: true });
    registerJointError(reader);
    const row = datasetByRoot(reader, root);
    if (!row) {
      reader.close();
      throw new Error(`${dbFile} holds no index of ${root}`);
    }
    const d: OpenDataset = {
      sessionId,
      dbId: row.id,
      root,
      name: basename(root),
      dbFile,
      format: row.format,
      skeleton: getSkeleton(row.skeleton).id,
      skeletonSpec: row.skeletonSpec,
      reader,
    };
    this.byId.set(sessionId, d);
    return d;
  }

  /** Every open dataset, each with its current reader. */
  list(): OpenDataset[] {
    return [...this.byId.values()];
  }

  close(): void {
    for (const d of this.byId.values()) d.reader.close();
    this.byId.clear();
  }
}
