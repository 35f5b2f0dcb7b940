// Worker-thread entry (dist/summaryWorker.mjs): computes the runs' set figures after edits, so
// the thread answering the UI keeps answering while every image and person is read.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../contract';
import { summariseRuns, type SummaryJob, type SummaryJobMessage } from './summaryJob';

const post = (m: SummaryJobMessage) => parentPort!.postMessage(m);
try {
  post({ type: 'done', summaries: summariseRuns(workerData as SummaryJob) });
} catch (err) {
  post({ type: 'error', error: errorMessage(err) });
}
