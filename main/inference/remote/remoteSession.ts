import type * as ort from 'onnxruntime-node';
import type { z } from 'zod';
import {
  decodeOutputs,
  encodeRequest,
  inferResponseSchema,
  modelMetadataSchema,
  ortTypeOf,
  readySchema,
  serverMetadataSchema,
  type ModelMetadata,
} from './oipProtocol';
import { isTransient, RemoteError, request, type HttpTarget } from './remoteHttp';

export { RemoteError };

export interface RemoteTarget extends HttpTarget {
  readonly model: string;
  readonly version?: string;
  /** Tensors as binary data (the extension), as JSON, or binary where the server says it can. */
  readonly binary?: boolean | 'auto';
  /**
   * Inference requests that fail with a 5xx or without an answer are sent again this many
   * times (default 3), after 0.25, 0.5, 1 … s: a server restarting or briefly overloaded costs
   * a pause, not the run. Other refusals (4xx) are final at once.
   */
  readonly retries?: number;
  readonly backoffMs?: number;
}

/**
 * A model on an Open Inference Protocol server behind onnxruntime's InferenceSession
 * interface, so a card's checks (`checkTensors`, the same messages as a local model's) and the
 * pipeline's stages use it as they use a local session. Opening it asks whether the server is
 * ready, which extensions it has and the model's metadata; each `run` is one inference
 * request for the whole batch.
 */
export class RemoteSession implements ort.InferenceSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  private nextId = 0;

  private constructor(
    private readonly target: RemoteTarget,
    readonly metadata: ModelMetadata,
    readonly binary: boolean,
  ) {
    this.inputNames = metadata.inputs.map((t) => t.name);
    this.outputNames = metadata.outputs.map((t) => t.name);
    const meta = (t: ModelMetadata['inputs'][number]): ort.InferenceSession.ValueMetadata => ({
      name: t.name,
      isTensor: true,
      type: (ortTypeOf(t.datatype) ?? t.datatype) as ort.Tensor.Type,
      shape: t.shape,
    });
    this.inputMetadata = metadata.inputs.map(meta);
    this.outputMetadata = metadata.outputs.map(meta);
  }

  /** What error messages call the model: its name, version and server, never its headers. */
  static describe(t: RemoteTarget): string {
    return `model "${t.model}"${t.version ? ` version ${t.version}` : ''} on ${t.url}`;
  }

  /** `server`: what the server said of itself, when the caller asked already. */
  static async open(target: RemoteTarget, server?: ServerInfo): Promise<RemoteSession> {
    const where = RemoteSession.describe(target);
    const { extensions } = server ?? (await serverInfo(target));
    const model = modelPath(target);
    const meta = await request(target, 'GET', model);
    const metadata = parsed(modelMetadataSchema, meta.json, `the metadata of ${where}`);
    const modelReady = await request(target, 'GET', `${model}/ready`);
    if (saysNotReady(modelReady.json))
      throw new RemoteError(`${where} is not ready`, modelReady.status);
    const binary =
      target.binary === 'auto' || target.binary === undefined
        ? extensions.includes('binary_tensor_data')
        : target.binary;
    return new RemoteSession(target, metadata, binary);
  }

  async run(
    feeds: ort.InferenceSession.FeedsType,
    ...rest: unknown[]
  ): Promise<ort.InferenceSession.ReturnType> {
    const wanted = Array.isArray(rest[0]) ? (rest[0] as string[]) : this.outputNames;
    const id = String(this.nextId++);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.infer(feeds, wanted, id);
      } catch (err) {
        if (!isTransient(err) || attempt >= (this.target.retries ?? 3)) throw err;
        const wait = (this.target.backoffMs ?? 250) * 2 ** attempt;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async infer(
    feeds: ort.InferenceSession.FeedsType,
    wanted: readonly string[],
    id: string,
  ): Promise<ort.InferenceSession.ReturnType> {
    const { body, headers } = encodeRequest(
      feeds as Record<string, ort.Tensor>,
      wanted,
      this.binary,
      id,
    );
    const res = await request(
      this.target,
      'POST',
      `${modelPath(this.target)}/infer`,
      body,
      headers,
    );
    const where = RemoteSession.describe(this.target);
    const response = parsed(inferResponseSchema, res.json, `the inference response of ${where}`);
    if (response.id !== undefined && response.id !== id)
      throw new RemoteError(
        `${where} answered request ${response.id} to request ${id}`,
        res.status,
      );
    try {
      return decodeOutputs(response, res.binary);
    } catch (err) {
      throw new RemoteError(`${where}: ${(err as Error).message}`, res.status);
    }
  }

  async release(): Promise<void> {}
  startProfiling(): void {}
  endProfiling(): void {}
}

const modelPath = (t: RemoteTarget) =>
  `v2/models/${encodeURIComponent(t.model)}${t.version ? `/versions/${encodeURIComponent(t.version)}` : ''}`;

/** What a server says of itself; fails when it is not ready. */
export async function serverInfo(target: HttpTarget): Promise<ServerInfo> {
  const ready = await request(target, 'GET', 'v2/health/ready');
  // A ready server answers 200; the body is optional (Triton sends none).
  if (saysNotReady(ready.json))
    throw new RemoteError(`the server ${target.url} is not ready`, ready.status);
  // Server metadata is where a server lists its extensions; one without it has none.
  const json = await request(target, 'GET', 'v2').then(
    (r) => r.json,
    () => undefined,
  );
  const server = serverMetadataSchema.safeParse(json ?? {});
  return server.success
    ? { name: server.data.name, version: server.data.version, extensions: server.data.extensions }
    : { extensions: [] };
}

export interface ServerInfo {
  readonly name?: string;
  readonly version?: string;
  readonly extensions: readonly string[];
}

/** A readiness answer's body, already parsed by `request`, that says `"ready": false`. */
function saysNotReady(json: unknown): boolean {
  const r = readySchema.safeParse(json);
  return r.success && !r.data.ready;
}

function parsed<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new RemoteError(
      `${what} does not follow the inference protocol: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      200,
    );
  }
  return r.data;
}
