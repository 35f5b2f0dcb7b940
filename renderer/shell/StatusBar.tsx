import { useEffect, useState } from 'react';
import type { InferenceStatus } from '../../contract';
import { useApi } from '../data/ClientContext';
import { useDatasetStore } from '../data/useDatasetStore';
import { JobStatus } from '../runs/JobStatus';
import { useInferenceJobsFeed } from '../runs/useJobsStore';
import '../runs/runs.css';

/** Dataset counts and the execution provider inference would run on (and why others were not). */
export function StatusBar() {
  const api = useApi();
  const dataset = useDatasetStore((s) => s.dataset);
  const [inference, setInference] = useState<InferenceStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Here, in the one bar every tab shares: a run's progress survives switching tabs.
  useInferenceJobsFeed();
  useEffect(() => {
    api
      .inferenceStatus()
      .then(setInference, (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  }, [api]);
  const passed = inference?.providers.filter((p) => !p.available) ?? [];
  return (
    <footer className="statusbar">
      {dataset && (
        <span>
          {dataset.name} · {dataset.format} · {dataset.images.toLocaleString()} images ·{' '}
          {dataset.people.toLocaleString()} people
          {dataset.flagged > 0 && ` · ${dataset.flagged} flagged`}
          {dataset.missingImages > 0 && ` · ${dataset.missingImages} images missing`}
        </span>
      )}
      <JobStatus />
      <span
        className="provider"
        title={
          passed.map((p) => `${p.name}: ${p.error ?? 'not available'}`).join('\n') || undefined
        }
      >
        {error
          ? `inference unavailable: ${error}`
          : inference
            ? `inference: ${inference.chosen ?? 'none'} · onnxruntime ${inference.onnxruntime}`
            : 'inference: checking providers…'}
      </span>
    </footer>
  );
}
