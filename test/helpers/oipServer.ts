import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as ort from 'onnxruntime-node';
import {
  decodeOutputs,
  frame,
  HEADER_LENGTH,
  oipDatatypeOf,
  splitBody,
  tensorEntries,
} from '../../main/inference/remote/oipProtocol';

/**
 * An Open Inference Protocol server for tests, written from the published specification
 * (kserve/open-inference-protocol inference_rest.md and the binary tensor data extension), not
 * Triton: health, server and model metadata, model readiness and inference, JSON or binary
 * tensors, backed by onnxruntime-node. Faults can be injected: latency, refusals with a status,
 * connections dropped before answering, and metadata that lies about the model.
 */
export interface OipServer {
  readonly url: string;
  /** The Authorization headers requests arrived with. */
  readonly authorizations: string[];
  /** Inference requests answered, per model. */
  readonly inferences: Map<string, number>;
  /** Batch items (the first input's first dimension) inferred, per model. */
  readonly items: Map<string, number>;
  /** Inference requests being answered now, and the most there have been at once. */
  readonly load: { active: number; peak: number };
  faults: {
    latencyMs?: number;
    /** Each inference is held this long before it is answered, counted in `load`: requests a
     * client keeps in flight then overlap whatever the machine's speed. */
    holdInferenceMs?: number;
    /** The next N requests are refused with this status (503 by default). */
    refuseNext?: number;
    refuseStatus?: number;
    /** The next N requests have their connection destroyed without an answer. */
    dropNext?: number;
    /** Once this many inferences are answered (all models), every later one gets a 503. */
    refuseInferencesAfter?: number;
  };
  /** Rewrites a model's metadata before it is sent. */
  lieAbout?: (meta: Record<string, unknown>) => Record<string, unknown>;
  stop(): Promise<void>;
}

export interface OipServerOptions {
  /** Model name → ONNX bytes. */
  readonly models: Readonly<Record<string, Uint8Array>>;
  /** Whether it lists and speaks the binary tensor data extension (default true). */
  readonly binary?: boolean;
  readonly port?: number;
  /** onnxruntime's intra-op threads per model (1: tests run several servers at once). */
  readonly threads?: number;
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Whether it lists and answers the model repository extension's index (default true). */
  readonly repository?: boolean;
  /** The name its server metadata gives (default posescope-test-oip). */
  readonly name?: string;
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

const tensorMeta = (m: ort.InferenceSession.ValueMetadata) =>
  m.isTensor
    ? {
        name: m.name,
        datatype: oipDatatypeOf(m.type),
        shape: m.shape.map((d) => (typeof d === 'number' && d > 0 ? d : -1)),
      }
    : { name: m.name, datatype: 'BYTES', shape: [-1] };

export async function startOipServer(opts: OipServerOptions): Promise<OipServer> {
  const sessions = new Map<string, ort.InferenceSession>();
  for (const [name, bytes] of Object.entries(opts.models))
    sessions.set(
      name,
      await ort.InferenceSession.create(bytes, { intraOpNumThreads: opts.threads ?? 1 }),
    );
  const binary = opts.binary ?? true;
  const repository = opts.repository ?? true;
  const state: Omit<OipServer, 'url' | 'stop'> = {
    authorizations: [],
    inferences: new Map(),
    items: new Map(),
    load: { active: 0, peak: 0 },
    faults: {},
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization) state.authorizations.push(req.headers.authorization);
    const f = state.faults;
    if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
    if (f.dropNext) {
      f.dropNext--;
      req.socket.destroy();
      return;
    }
    if (f.refuseNext) {
      f.refuseNext--;
      return send(res, f.refuseStatus ?? 503, { error: 'the server is overloaded' });
    }
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '');
    if (req.method === 'GET' && path === '/v2/health/live') return send(res, 200, { live: true });
    if (req.method === 'GET' && path === '/v2/health/ready') return send(res, 200, { ready: true });
    if (req.method === 'GET' && path === '/v2')
      return send(res, 200, {
        name: opts.name ?? 'posescope-test-oip',
        version: '1',
        extensions: [
          ...(binary ? ['binary_tensor_data'] : []),
          ...(repository ? ['model_repository'] : []),
        ],
      });
    // Triton's model repository extension: every model it knows, with its state.
    if (req.method === 'POST' && path === '/v2/repository/index' && repository)
      return send(
        res,
        200,
        [...sessions.keys()].map((name) => ({ name, version: '1', state: 'READY', reason: '' })),
      );
    const m = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/.exec(path);
    const name = m ? decodeURIComponent(m[1]!) : '';
    const session = sessions.get(name);
    if (!m || !session) return send(res, 404, { error: `no model "${name}"` });
    if (req.method === 'GET' && m[3] === '/ready') return send(res, 200, { name, ready: true });
    if (req.method === 'GET' && m[3] === undefined) {
      const meta: Record<string, unknown> = {
        name,
        versions: ['1'],
        platform: 'onnx_onnxv1',
        inputs: session.inputMetadata.map(tensorMeta),
        outputs: session.outputMetadata.map(tensorMeta),
      };
      return send(res, 200, state.lieAbout ? state.lieAbout(meta) : meta);
    }
    if (req.method !== 'POST' || m[3] !== '/infer') return send(res, 405, { error: 'not allowed' });
    const answered = [...state.inferences.values()].reduce((a, b) => a + b, 0);
    if (f.refuseInferencesAfter !== undefined && answered >= f.refuseInferencesAfter)
      return send(res, 503, { error: 'the server is shutting down' });
    state.load.active++;
    state.load.peak = Math.max(state.load.peak, state.load.active);
    try {
      if (f.holdInferenceMs) await new Promise((r) => setTimeout(r, f.holdInferenceMs));
      await infer(req, res, name, session, m[2]);
    } finally {
      state.load.active--;
    }
  };

  const infer = async (
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    session: ort.InferenceSession,
    version: string | undefined,
  ) => {
    const body = await readBody(req);
    const header = req.headers[HEADER_LENGTH];
    if (header !== undefined && !binary)
      return send(res, 400, { error: 'binary tensor data is not supported' });
    const { json, binary: tail } = splitBody(body, typeof header === 'string' ? header : null);
    const request = json as {
      id?: string;
      inputs: {
        name: string;
        shape: number[];
        datatype: string;
        data?: unknown[];
        parameters?: Record<string, unknown>;
      }[];
      outputs?: { name: string; parameters?: Record<string, unknown> }[];
      parameters?: Record<string, unknown>;
    };
    // The request's inputs read with the response decoder: the same framing both ways.
    const feeds = decodeOutputs({ model_name: name, outputs: request.inputs as never }, tail);
    const fetches = await session.run(feeds);
    state.inferences.set(name, (state.inferences.get(name) ?? 0) + 1);
    const n = Object.values(feeds)[0]?.dims[0] ?? 0;
    state.items.set(name, (state.items.get(name) ?? 0) + n);
    const wanted = request.outputs?.map((o) => o.name) ?? session.outputNames;
    const asBinary =
      binary &&
      (request.parameters?.binary_data_output === true ||
        (request.outputs ?? []).some((o) => o.parameters?.binary_data === true));
    const picked = Object.fromEntries(wanted.map((w) => [w, fetches[w]!]));
    const { entries, tail: out } = tensorEntries(picked, asBinary);
    const response = {
      model_name: name,
      model_version: version ?? '1',
      ...(request.id === undefined ? {} : { id: request.id }),
      outputs: entries,
    };
    const { body: reply, headers } = frame(response, out, asBinary);
    res.writeHead(200, headers);
    res.end(reply);
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) =>
      send(res, 500, { error: err instanceof Error ? err.message : String(err) }),
    );
  };
  const server: Server = opts.tls ? createTlsServer(opts.tls, listener) : createServer(listener);
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      for (const s of sessions.values()) await s.release();
    },
  });
}
