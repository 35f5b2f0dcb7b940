import { useState } from 'react';
import { errorMessage, type InferenceJob } from '../../contract';
import { useApi } from '../data/ClientContext';
import { isLive, shownJob, useJobsStore } from './useJobsStore';

const problems = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'problem' : 'problems'}`;

const people = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'person' : 'people'}`;

const seconds = (s: number): string =>
  s < 90
    ? `${Math.ceil(s)} s`
    : s < 5400
      ? `${Math.round(s / 60)} min`
      : `${(s / 3600).toFixed(1)} h`;

/** A provider that failed while running (not one passed over because it is not installed). */
const diedMidRun = (error: string) => error.startsWith('run failed');

/**
 * The providers in use. One that failed mid-run and was replaced is a warning, with why; those
 * passed over at the start (CUDA not installed) are said on hover only, as the status bar does.
 */
function Providers({ job }: { job: InferenceJob }) {
  const used = [...new Set(job.providers.map((p) => p.provider))];
  if (used.length === 0) return null;
  const why = job.providers.flatMap((p) =>
    p.fellBack.map((f) => `${p.card}: ${f.provider} — ${f.error}; ran on ${p.provider}`),
  );
  const died = [
    ...new Set(
      job.providers.flatMap((p) =>
        p.fellBack.filter((f) => diedMidRun(f.error)).map((f) => f.provider),
      ),
    ),
  ];
  return (
    <span
      className={died.length ? 'job-provider fell' : 'job-provider'}
      title={why.join('\n') || undefined}
    >
      {died.length ? `⚠ ${died.join(', ')} failed mid-run · now on ` : 'on '}
      {used.join(', ')}
    </span>
  );
}

/**
 * The inference job in the status bar: a progress bar with people done, rate, ETA, stage and
 * provider while it runs, Stop; what became of it once it ends (Resume for a stopped run).
 */
export function JobStatus() {
  const api = useApi();
  const jobs = useJobsStore((s) => s.jobs);
  const dismissed = useJobsStore((s) => s.dismissed);
  const [error, setError] = useState<string | null>(null);
  const job = shownJob(jobs);
  if (!job || dismissed.has(job.id)) return null;
  const queued = [...jobs.values()].filter((j) => j.state === 'queued' && j.id !== job.id).length;
  const act = (p: Promise<unknown>) => {
    setError(null);
    p.catch((e: unknown) => setError(errorMessage(e)));
  };
  const pct = job.total > 0 ? Math.round((100 * job.done) / job.total) : 0;
  return (
    <span className={`job-status ${job.state}`} role="status" aria-label="Inference run">
      <strong title={job.runName}>{job.runName}</strong>
      {isLive(job) && (
        <>
          <progress
            max={100}
            value={job.state === 'queued' ? undefined : pct}
            aria-label="Run progress"
          />
          <span>
            {job.stage}
            {job.total > 0 &&
              ` · ${job.done.toLocaleString()}/${job.total.toLocaleString()} people`}
            {job.perSecond > 0 && ` · ${job.perSecond.toFixed(1)}/s`}
            {job.etaSeconds !== null && job.etaSeconds > 0 && ` · ${seconds(job.etaSeconds)} left`}
          </span>
          {queued > 0 && <span className="muted">+{queued} queued</span>}
          {(job.state === 'running' || job.state === 'queued') && (
            <button type="button" onClick={() => act(api.stopInference({ jobId: job.id }))}>
              Stop
            </button>
          )}
        </>
      )}
      {job.state === 'done' && (
        <span>
          scored · {people(job.total)}
          {job.issues.length > 0 && (
            <span
              className="muted"
              title={job.issues
                .map((i) => `${i.kind}: ${i.count} (e.g. ${i.examples[0] ?? ''})`)
                .join('\n')}
            >
              {' '}
              · {problems(job.issues.reduce((a, i) => a + i.count, 0))}
            </span>
          )}
        </span>
      )}
      {job.state === 'stopped' && (
        <>
          <span>
            stopped at {job.done.toLocaleString()}/{job.total.toLocaleString()} people
          </span>
          {job.runId !== null && (
            <button
              type="button"
              onClick={() =>
                act(api.resumeRun({ datasetId: job.datasetId, runId: job.runId!, rerun: false }))
              }
            >
              Resume
            </button>
          )}
        </>
      )}
      {job.state === 'failed' && (
        <span className="job-error" title={job.error ?? undefined}>
          failed: {job.error}
        </span>
      )}
      {job.state !== 'queued' && <Providers job={job} />}
      {error && <span className="job-error">{error}</span>}
      {!isLive(job) && (
        <button
          type="button"
          className="job-dismiss"
          aria-label="Dismiss"
          onClick={() => useJobsStore.getState().dismiss(job.id)}
        >
          ×
        </button>
      )}
    </span>
  );
}
