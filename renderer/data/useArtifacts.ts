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

/** A person's stored model outputs for a run, decoded; null while loading or without a run. */
export function useArtifacts(datasetId: number, runId: number | null, instanceId: number | null) {
  const api = useApi();
  const [state, setState] = useState<{
    key: string;
    artifacts: Artifacts | null;
    error: string | null;
  }>({
    key: '',
    artifacts: null,
    error: null,
  });
  const key = `${datasetId}:${runId}:${instanceId}`;
  useEffect(() => {
    if (runId === null || instanceId === null) return;
    let live = true;
    api.getArtifacts({ datasetId, runId, instanceId }).then(
      (a) =>
        live &&
        setState({
          key,
          error: null,
          artifacts: {
            byKind: new Map(
              a.items.map((i) => [i.kind, { shape: i.shape, values: decode(i.data) }]),
            ),
            note: a.note,
            crop: a.crop,
            pipeline: a.pipeline,
          },
        }),
      (err: unknown) =>
        live &&
        setState({ key, artifacts: null, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [api, datasetId, runId, instanceId, key]);
  return state.key === key ? state : { key, artifacts: null, error: null };
}
