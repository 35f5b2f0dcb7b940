import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { ModelCardError, type LoadedCard } from './modelCard';
import { ortReason, type Provider } from './providers';

export interface ProviderAttempt {
  readonly provider: Provider;
  readonly error?: string;
}

export type Feeds = Record<string, ort.Tensor>;
export type Fetches = Record<string, ort.Tensor>;

/** Opens a session; `threads` caps onnxruntime's intra-op threads (all cores by default). */
export type SessionFactory = (
  bytes: Uint8Array,
  provider: Provider,
  threads?: number,
) => Promise<ort.InferenceSession>;

async function createSession(
  bytes: Uint8Array,
  provider: Provider,
  threads?: number,
): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    executionProviders: [provider],
    // Both cores on a 2-core machine: intra-op parallelism is where a single batch speeds up.
    intraOpNumThreads: threads ?? availableParallelism(),
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    // onnxruntime's pool threads busy-wait between runs by default; between batches the cores
    // are needed for decoding and cropping the next images, so they sleep instead.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
}

/** Dims of a tensor the model declares; strings and negative values are free dims. */
const fixedDims = (
  m: ort.InferenceSession.ValueMetadata,
): readonly (number | string)[] | undefined => (m.isTensor ? m.shape : undefined);

/**
 * Refuses a model whose tensors do not match its card: every card input and output must exist
 * in the model, every model input must be fed, and dims the card fixes must agree.
 */
export function checkTensors(loaded: LoadedCard, s: ort.InferenceSession): void {
  const { card, file } = loaded;
  const names = (list: readonly string[]) => list.map((n) => `"${n}"`).join(', ');
  card.inputs.forEach((inp, i) => {
    if (!s.inputNames.includes(inp.name))
      throw new ModelCardError(
        file,
        `inputs.${i}.name`,
        `the model has no input "${inp.name}" (it has ${names(s.inputNames)})`,
      );
    if (inp.source !== 'crop' && inp.source !== 'image') return;
    const meta = s.inputMetadata.find((m) => m.name === inp.name);
    const shape = meta && fixedDims(meta);
    if (!shape) return;
    const [w, h] = inp.size;
    const want = inp.layout === 'NCHW' ? [3, h, w] : [h, w, 3];
    const got = shape.slice(1);
    const clash = want.findIndex(
      (d, k) => typeof got[k] === 'number' && got[k]! > 0 && got[k] !== d,
    );
    if (shape.length !== 4 || clash >= 0)
      throw new ModelCardError(
        file,
        `inputs.${i}`,
        `the card describes ${inp.layout} [N, ${want.join(', ')}] but the model's "${inp.name}" is [${shape.join(', ')}]`,
      );
  });
  for (const n of s.inputNames) {
    if (!card.inputs.some((i) => i.name === n))
      throw new ModelCardError(
        file,
        'inputs',
        `the model's input "${n}" is not described by the card`,
      );
  }
  card.outputs.forEach((out, i) => {
    if (!s.outputNames.includes(out.name))
      throw new ModelCardError(
        file,
        `outputs.${i}.name`,
        `the model has no output "${out.name}" (it has ${names(s.outputNames)})`,
      );
    const meta = s.outputMetadata.find((m) => m.name === out.name);
    const shape = meta && fixedDims(meta);
    if (!out.shape || !shape) return;
    const got = shape.slice(1);
    const bad =
      got.length !== out.shape.length ||
      out.shape.some(
        (d, k) =>
          typeof d === 'number' && typeof got[k] === 'number' && got[k]! > 0 && got[k] !== d,
      );
    if (bad)
      throw new ModelCardError(
        file,
        `outputs.${i}.shape`,
        `the card says [N, ${out.shape.join(', ')}] but the model's "${out.name}" is [${shape.join(', ')}]`,
      );
  });
}

/**
 * One ONNX graph ready to run: a session on the first provider that opens it, falling back
 * along the plan when creating or running fails. A run that fails on a GPU provider is retried
 * on the next one, so a driver failure mid-run costs a batch, not the run.
 */
export class ProviderSession {
  protected constructor(
    /** The graph as errors name it (a model file, "the crop graph"). */
    private readonly label: string,
    private readonly bytes: Uint8Array,
    protected session: ort.InferenceSession,
    private plan: Provider[],
    readonly attempts: ProviderAttempt[],
    private readonly create: SessionFactory,
    private readonly check: (s: ort.InferenceSession) => void,
    private readonly threads?: number,
  ) {}

  get provider(): Provider {
    return this.plan[0]!;
  }

  /** The session and the providers left, opened on the first provider of `plan` that works. */
  protected static async openOn(
    label: string,
    bytes: Uint8Array,
    plan: readonly Provider[],
    create: SessionFactory,
    check: (s: ort.InferenceSession) => void,
    threads?: number,
  ) {
    const attempts: ProviderAttempt[] = [];
    const left = [...plan];
    while (left.length > 0) {
      const provider = left[0]!;
      let session: ort.InferenceSession;
      try {
        session = await create(bytes, provider, threads);
      } catch (err) {
        attempts.push({ provider, error: ortReason(err) });
        left.shift();
        continue;
      }
      try {
        check(session);
      } catch (err) {
        await session.release();
        throw err;
      }
      attempts.push({ provider });
      return { session, left, attempts };
    }
    const why = attempts.map((a) => `${a.provider}: ${a.error}`).join('; ');
    throw new Error(`${label}: cannot load the model (${why})`);
  }

  static async openGraph(
    label: string,
    bytes: Uint8Array,
    plan: readonly Provider[],
    create: SessionFactory = createSession,
    threads?: number,
  ): Promise<ProviderSession> {
    const check = () => undefined;
    const o = await ProviderSession.openOn(label, bytes, plan, create, check, threads);
    return new ProviderSession(label, bytes, o.session, o.left, o.attempts, create, check, threads);
  }

  async run(feeds: Feeds): Promise<Fetches> {
    for (;;) {
      try {
        return await this.session.run(feeds);
      } catch (err) {
        if (this.plan.length <= 1)
          throw new Error(`${this.label}: ${ortReason(err)}`, { cause: err });
        const failed = this.plan.shift()!;
        this.attempts.push({ provider: failed, error: `run failed: ${ortReason(err)}` });
        await this.session.release().catch(() => undefined);
        const next = await ProviderSession.openOn(
          this.label,
          this.bytes,
          this.plan,
          this.create,
          this.check,
          this.threads,
        );
        this.session = next.session;
        this.plan = next.left;
        this.attempts.push(...next.attempts);
      }
    }
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** A model's session, checked against its card when it opens. */
export class ModelSession extends ProviderSession {
  private constructor(
    readonly loaded: LoadedCard,
    bytes: Uint8Array,
    session: ort.InferenceSession,
    plan: Provider[],
    attempts: ProviderAttempt[],
    create: SessionFactory,
    check: (s: ort.InferenceSession) => void,
  ) {
    super(loaded.modelFile, bytes, session, plan, attempts, create, check);
  }

  static async open(
    loaded: LoadedCard,
    bytes: Uint8Array,
    plan: readonly Provider[],
    // Swappable so tests can stand in a GPU that fails mid-run, which no CI machine has.
    create: SessionFactory = createSession,
  ): Promise<ModelSession> {
    const check = (s: ort.InferenceSession) => checkTensors(loaded, s);
    const o = await ProviderSession.openOn(loaded.modelFile, bytes, plan, create, check);
    return new ModelSession(loaded, bytes, o.session, o.left, o.attempts, create, check);
  }

  /** Rank the model declares for an input (how to shape a pose or matrix feed). */
  inputRank(name: string): number | undefined {
    const m = this.session.inputMetadata.find((x) => x.name === name);
    return m?.isTensor ? m.shape.length : undefined;
  }
}
