import type * as ort from 'onnxruntime-node';
import type { z } from 'zod';
import {
  decodeOutputs,
  encodeRequest,
  errorSchema,
  HEADER_LENGTH,
  inferResponseSchema,
  modelMetadataSchema,
  ortTypeOf,
  readySchema,
  serverMetadataSchema,
  splitBody,
  type ModelMetadata,
} from './oipProtocol';

export interface RemoteTarget {
  /** The server's base URL, http(s)://host:port (a path prefix is kept). */
  readonly url: string;
  readonly model: string;
  readonly version?: string;
  /** Tensors as binary data (the extension), as JSON, or binary where the server says it can. */
  readonly binary?: boolean | 'auto';
  /** Per request; a server that does not answer in time fails the request. */
  readonly timeoutMs?: number;
  /**
   * Sent with every request (an Authorization bearer token, a gateway's key). Never part of
   * an error message or a log line: only the URL and the model name are.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Inference requests that fail with a 5xx or without an answer are sent again this many
   * times (default 3), after 0.25, 0.5, 1 … s: a server restarting or briefly overloaded costs
   * a pause, not the run. Other refusals (4xx) are final at once.
   */
  readonly retries?: number;
  readonly backoffMs?: number;
}

/** A request the server refused or could not answer: its status, 0 when none came. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

const DEFAULT_TIMEOUT_MS = 60_000;

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

  static async open(target: RemoteTarget): Promise<RemoteSession> {
    const where = RemoteSession.describe(target);
    const ready = await request(target, 'GET', 'v2/health/ready');
    // A ready server answers 200; the body is optional (Triton sends none).
    if (saysNotReady(ready.json))
      throw new RemoteError(`the server for ${where} is not ready`, ready.status);
    // Server metadata is where a server lists its extensions; one without it has none.
    const serverJson = await request(target, 'GET', 'v2').then(
      (r) => r.json,
      () => undefined,
    );
    const server = serverMetadataSchema.safeParse(serverJson ?? {});
    const extensions = server.success ? server.data.extensions : [];
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
        const transient = err instanceof RemoteError && (err.status === 0 || err.status >= 500);
        if (!transient || attempt >= (this.target.retries ?? 3)) throw err;
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

/**
 * One HTTP request; a status other than 200, a body that is not the protocol's, a timeout or
 * a dropped connection becomes a RemoteError naming the URL (not the headers).
 */
async function request(
  target: RemoteTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; binary: Uint8Array }> {
  const url = new URL(path, target.url.endsWith('/') ? target.url : `${target.url}/`).toString();
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { ...target.headers, ...headers },
      body: body as Uint8Array<ArrayBuffer> | undefined,
      signal: AbortSignal.timeout(target.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why =
      e.name === 'TimeoutError'
        ? `no answer within ${target.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`
        : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new RemoteError(`${method} ${url} failed: ${why}`, 0);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    throw new RemoteError(
      `${method} ${url}: the connection closed mid-answer (${(err as Error).message})`,
      0,
    );
  }
  if (res.status !== 200) {
    let reason = '';
    try {
      const e = errorSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
      if (e.success) reason = `: ${e.data.error}`;
    } catch {
      // Not the protocol's error object: the status says enough.
    }
    throw new RemoteError(`${method} ${url} answered ${res.status}${reason}`, res.status);
  }
  if (bytes.byteLength === 0) return { status: res.status, json: undefined, binary: bytes };
  try {
    const { json, binary } = splitBody(bytes, res.headers.get(HEADER_LENGTH));
    return { status: res.status, json, binary };
  } catch (err) {
    throw new RemoteError(`${method} ${url}: ${(err as Error).message}`, res.status);
  }
}
