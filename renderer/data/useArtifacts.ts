import { useEffect, useState } from 'react';
import type { PersonArtifacts } from '../../contract';
import { useApi } from './ClientContext';

export interface DecodedArtifact {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export interface Artifacts {
  readonly byKind: ReadonlyMap<PersonArtifacts['items'][number]['kind'], DecodedArtifact>;
  readonly note: string | null;
  readonly crop: PersonArtifacts['crop'];
  readonly pipeline: PersonArtifacts['pipeline'];
}

/** base64 float32 (little-endian, as every platform PoseScope runs on) → Float32Array. */
function decode(base64: string): Float32Array {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer, 0, bytes.byteLength / 4);
}

const toArtifacts = (a: PersonArtifacts): Artifacts => ({
  byKind: new Map(a.items.map((i) => [i.kind, { shape: i.shape, values: decode(i.data) }])),
  note: a.note,
  crop: a.crop,
  pipeline: a.pipeline,
});

/**
 * A person's stored model outputs under each of the dataset's runs, decoded, by run id: what
 * lets each inspector panel pick the run that has its data. A run still loading is absent;
 * one whose outputs could not be read maps to null.
 */
export function useRunsArtifacts(
  datasetId: number,
  runIds: readonly number[],
  instanceId: number | null,
): ReadonlyMap<number, Artifacts | null> {
  const api = useApi();
  const key = `${datasetId}:${runIds.join(',')}:${instanceId}`;
  const [state, setState] = useState<{ key: string; byRun: Map<number, Artifacts | null> }>({
    key: '',
    byRun: new Map(),
  });
  useEffect(() => {
    if (instanceId === null) return;
    let live = true;
    const byRun = new Map<number, Artifacts | null>();
    for (const runId of key.split(':')[1]!.split(',').filter(Boolean).map(Number))
      api.getArtifacts({ datasetId, runId, instanceId }).then(
        (a) => {
          if (!live) return;
          byRun.set(runId, toArtifacts(a));
          setState({ key, byRun: new Map(byRun) });
        },
        () => {
          if (!live) return;
          byRun.set(runId, null);
          setState({ key, byRun: new Map(byRun) });
        },
      );
    return () => {
      live = false;
    };
  }, [api, datasetId, instanceId, key]);
  return state.key === key ? state.byRun : EMPTY;
}

const EMPTY: ReadonlyMap<number, Artifacts | null> = new Map();
