import { useCallback, useEffect } from 'react';
import { create } from 'zustand';
import type { InferenceJob } from '../../contract';
import { useApi, useEvent } from '../data/ClientContext';

interface JobsState {
  /** Every job the main side reported since the app started, by id. */
  readonly jobs: ReadonlyMap<number, InferenceJob>;
  /** Jobs whose finished state the user dismissed from the status bar. */
  readonly dismissed: ReadonlySet<number>;
  put(job: InferenceJob): void;
  dismiss(id: number): void;
}

export const useJobsStore = create<JobsState>((set) => ({
  jobs: new Map(),
  dismissed: new Set(),
  put: (job) =>
    set((s) => {
      const jobs = new Map(s.jobs);
      jobs.set(job.id, job);
      return { jobs };
    }),
  dismiss: (id) => set((s) => ({ dismissed: new Set(s.dismissed).add(id) })),
}));

export const isLive = (j: InferenceJob): boolean =>
  j.state === 'queued' || j.state === 'running' || j.state === 'stopping';

/**
 * Keeps the jobs store current: the main side's list once (a window reloaded during a run), then
 * its `inferenceJob` events. Mounted once, by the app shell, so progress survives switching tabs.
 */
export function useInferenceJobsFeed(): void {
  const api = useApi();
  useEffect(() => {
    let live = true;
    void api.inferenceJobs().then(
      (list) => live && list.forEach((j) => useJobsStore.getState().put(j)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  useEvent(
    'inferenceJob',
    useCallback((j: InferenceJob) => useJobsStore.getState().put(j), []),
  );
}

/** The job the status bar shows: the one running, else the first queued, else the last one. */
export function shownJob(jobs: ReadonlyMap<number, InferenceJob>): InferenceJob | undefined {
  const all = [...jobs.values()];
  return (
    all.find((j) => j.state === 'running' || j.state === 'stopping') ??
    all.find((j) => j.state === 'queued') ??
    all[all.length - 1]
  );
}
