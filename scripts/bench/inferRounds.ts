import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { runInference } from '../../main/inference/runInference';

/**
 * bench:infer's measurement for one pipeline: R rounds, each the whole pipeline over every
 * person of the dataset, then bare `session.run` over as many same-shaped batches in this same
 * process, so their ratio is what the pipeline costs on top. Medians over the rounds.
 */

export const log = (m: string) => process.stderr.write(`bench:infer: ${m}\n`);

/** Milliseconds all CPUs spent busy so far (Linux /proc/stat), or undefined elsewhere. */
function busyMs(): number | undefined {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
    const n = ticks.map(Number);
    // user nice system idle iowait …: busy is all but idle and iowait, at 100 ticks a second.
    return (n.reduce((a, b) => a + b, 0) - n[3]! - n[4]!) * 10;
  } catch {
    return undefined;
  }
}

/** Cores' worth of CPU other processes used since `busy0`, this process's `own` use aside. */
function othersCores(busy0: number | undefined, own: NodeJS.CpuUsage, seconds: number) {
  const busy1 = busyMs();
  if (busy0 === undefined || busy1 === undefined || seconds <= 0) return null;
  const others = busy1 - busy0 - (own.user + own.system) / 1000;
  return Math.max(0, Number((others / 1000 / seconds).toFixed(2)));
}

const round = (v: number, d = 2) => Number(v.toFixed(d));

export interface RoundsSpec {
  readonly dbFile: string;
  readonly dataset: string;
  readonly cards: readonly string[];
  /** The ONNX bytes of the model the pipeline spends its time in, for the bare runs. */
  readonly model: Uint8Array;
  readonly feeds: (n: number) => Record<string, ort.Tensor>;
  readonly people: number;
  readonly batch: number;
  readonly rounds: number;
  readonly label: string;
}

export async function measureRounds(spec: RoundsSpec) {
  const { people, batch } = spec;
  const session = await ort.InferenceSession.create(spec.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: availableParallelism(),
    graphOptimizationLevel: 'all',
  });
  // Warmed up with full batches: after one batch of one, the first round's bare runs went at
  // 98–103 people/s and the later rounds' at 128–136, so the first round's ratio read about
  // 0.3 better than the others (after three full batches: 111 against 125–133).
  for (let i = 0; i < 3; i++) await session.run(spec.feeds(batch));
  const rounds: {
    pipeline_per_s: number;
    raw_per_s: number;
    overhead_ratio: number;
    pipeline_steady_per_s: number | null;
    cpu_cores_used: number;
    cpu_ms_per_person: number;
    other_processes_cores: { pipeline: number | null; raw: number | null };
  }[] = [];
  let provider = '';
  for (let k = 1; k <= spec.rounds; k++) {
    log(`${spec.label} round ${k}: pipeline`);
    const cpu0 = process.cpuUsage();
    const busy0 = busyMs();
    const t0 = performance.now();
    let firstBatch: { at: number; done: number } | undefined;
    let lastBatchAt = 0;
    const r = await runInference(
      // A run of its own each round, so none starts by deleting the last one's results.
      {
        dbFile: spec.dbFile,
        dataset: spec.dataset,
        cards: spec.cards,
        runName: `bench-${spec.label}-${k}`,
        provider: 'cpu',
        batchSize: batch,
      },
      {
        onProgress: (p) => {
          lastBatchAt = performance.now();
          firstBatch ??= { at: lastBatchAt, done: p.done };
        },
      },
    );
    const pipelineS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pipelineOthers = othersCores(busy0, cpu, pipelineS);
    if (r.targets.computed !== people)
      throw new Error(`pipeline computed ${r.targets.computed} of ${people}`);
    provider = r.providers[r.providers.length - 1]!.provider;

    log(`${spec.label} round ${k}: bare session.run`);
    const rawCpu0 = process.cpuUsage();
    const rawBusy0 = busyMs();
    const t1 = performance.now();
    for (let done = 0; done < people; done += batch)
      await session.run(spec.feeds(Math.min(batch, people - done)));
    const rawS = (performance.now() - t1) / 1000;
    const rawCpu = process.cpuUsage(rawCpu0);
    const rawOthers = othersCores(rawBusy0, rawCpu, rawS);

    const steady = firstBatch && lastBatchAt > firstBatch.at ? firstBatch : undefined;
    rounds.push({
      pipeline_per_s: round(people / pipelineS),
      raw_per_s: round(people / rawS),
      overhead_ratio: round(pipelineS / rawS, 3),
      // From the end of the first batch to the last: without opening the session, the first
      // batch's preparation and scoring the run.
      pipeline_steady_per_s: steady
        ? round((people - steady.done) / ((lastBatchAt - steady.at) / 1000))
        : null,
      cpu_cores_used: round((cpu.user + cpu.system) / 1e6 / pipelineS),
      // CPU the pipeline spends per person beyond the model's own (this process's CPU over
      // the pipeline less over the bare runs of the same batches): decoding, cropping, copies,
      // decoding outputs, storing, scoring, opening the sessions.
      cpu_ms_per_person: round(
        (cpu.user + cpu.system - rawCpu.user - rawCpu.system) / 1000 / people,
      ),
      // CPU other processes used meanwhile (Linux): above ~0.1 the timings are disturbed.
      other_processes_cores: { pipeline: pipelineOthers, raw: rawOthers },
    });
  }
  await session.release();

  const median = (
    key: 'pipeline_per_s' | 'raw_per_s' | 'overhead_ratio' | 'cpu_cores_used' | 'cpu_ms_per_person',
  ) => {
    const v = rounds.map((r) => r[key]).sort((a, b) => a - b);
    return v.length % 2
      ? v[(v.length - 1) / 2]!
      : round((v[v.length / 2 - 1]! + v[v.length / 2]!) / 2, 3);
  };
  // Medians over the rounds, each a pipeline run then bare runs, so that a burst of other
  // work on the machine moves one round, not the figure.
  return {
    pipeline_per_s: median('pipeline_per_s'),
    raw_per_s: median('raw_per_s'),
    overhead_ratio: median('overhead_ratio'),
    provider,
    cpu_cores_used: median('cpu_cores_used'),
    cpu_ms_per_person: median('cpu_ms_per_person'),
    rounds,
  };
}
