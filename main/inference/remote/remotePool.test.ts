import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOipServer, type OipServer } from '../../../test/helpers/oipServer';
import { convNetModel } from '../../../test/helpers/onnxGraphs';
import { mulberry32 } from '../../../test/helpers/random';
import { makeTestCerts, type TestCerts } from '../../../test/helpers/testCerts';
import { serverPool } from './remoteHttp';
import { RemotePool } from './remotePool';
import { RemoteSession } from './remoteSession';

const [H, W, J] = [32, 24, 5];
const model = convNetModel({ height: H, width: W, outChannels: J, hidden: 8, seed: 3 });
const other = convNetModel({ height: H, width: W, outChannels: J + 1, hidden: 8, seed: 3 });

const batch = (n: number, seed: number) => {
  const rnd = mulberry32(seed);
  const data = Float32Array.from({ length: n * 3 * H * W }, () => rnd() * 4 - 2);
  return { input: new ort.Tensor('float32', data, [n, 3, H, W]) };
};

const answered = (s: OipServer) => s.inferences.get('heatmaps') ?? 0;

describe('RemotePool: one model on several servers', () => {
  let a: OipServer;
  let b: OipServer;
  let local: ort.InferenceSession;
  const target = (s: OipServer | string) => ({
    url: typeof s === 'string' ? s : s.url,
    model: 'heatmaps',
    retries: 0,
  });
  beforeAll(async () => {
    [a, b] = await Promise.all([
      startOipServer({ models: { heatmaps: model } }),
      startOipServer({ models: { heatmaps: model } }),
    ]);
    local = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop(), local.release()]);
  });

  it('sends concurrent batches to whichever server is least busy, each answer its own batch', async () => {
    const pool = await RemotePool.open([target(a), target(b)]);
    const [a0, b0] = [answered(a), answered(b)];
    a.faults = { latencyMs: 30 };
    b.faults = { latencyMs: 30 };
    try {
      const feeds = Array.from({ length: 8 }, (_, i) => batch(1 + (i % 3), i));
      const outs = await Promise.all(feeds.map((f) => pool.run(f)));
      for (const [i, out] of outs.entries()) {
        const want = (await local.run(feeds[i]!)).output!.data as Float32Array;
        const got = out.output!.data as Float32Array;
        expect(got.length).toBe(want.length);
        let worst = 0;
        got.forEach((x, k) => (worst = Math.max(worst, Math.abs(x - want[k]!))));
        expect(worst).toBeLessThan(1e-5);
      }
      // Eight at once over two idle servers: four each.
      expect([answered(a) - a0, answered(b) - b0]).toEqual([4, 4]);
    } finally {
      a.faults = {};
      b.faults = {};
    }
  });

  it('hands a failed batch to another server and rests the one that failed', async () => {
    const lost: string[] = [];
    const pool = await RemotePool.open([target(a), target(b)], {
      onLost: (url, why) => lost.push(`${url} ${why}`),
    });
    const [a0, b0] = [answered(a), answered(b)];
    a.faults = { refuseInferencesAfter: 0 };
    try {
      for (let i = 0; i < 4; i++) expect((await pool.run(batch(2, i))).output!.dims[0]).toBe(2);
    } finally {
      a.faults = {};
    }
    expect(answered(a)).toBe(a0);
    expect(answered(b) - b0).toBe(4);
    // Lost once: rested afterwards, it is not asked again within the half minute.
    expect(lost).toEqual([
      `${a.url} POST ${a.url}/v2/models/heatmaps/infer answered 503: the server is shutting down`,
    ]);
  });

  it('after its rest, sends a failed server one batch at a time until it answers again', async () => {
    const lost: string[] = [];
    const pool = await RemotePool.open([target(a), target(b)], {
      onLost: (url) => lost.push(url),
      restMs: 40,
    });
    const [a0, b0] = [answered(a), answered(b)];
    a.faults = { refuseInferencesAfter: 0 };
    try {
      await pool.run(batch(1, 1));
      expect(lost).toEqual([a.url]);
      await new Promise((r) => setTimeout(r, 60));
      // Rested and still refusing: of four batches at once it is sent one, which b takes over.
      await Promise.all([1, 2, 3, 4].map((i) => pool.run(batch(1, i))));
      expect(lost).toEqual([a.url, a.url]);
      expect(answered(b) - b0).toBe(5);
      await new Promise((r) => setTimeout(r, 60));
    } finally {
      a.faults = {};
    }
    // Back: its probe is answered and it takes its share again.
    await pool.run(batch(1, 9));
    await Promise.all([1, 2, 3, 4].map((i) => pool.run(batch(1, i))));
    expect(answered(a) - a0).toBeGreaterThanOrEqual(3);
    expect(lost).toHaveLength(2);
  });

  it('fails a batch only when every server has failed it', async () => {
    const pool = await RemotePool.open([target(a), target(b)]);
    a.faults = { refuseNext: 5 };
    b.faults = { refuseNext: 5 };
    try {
      await expect(pool.run(batch(1, 1))).rejects.toThrow('answered 503');
    } finally {
      a.faults = {};
      b.faults = {};
    }
    // A refusal no server would answer otherwise (a 4xx) is final at once: both idle, the
    // first listed is asked, refuses, and the other is not asked.
    const fresh = await RemotePool.open([target(a), target(b)]);
    const b0 = answered(b);
    a.faults = { refuseNext: 1, refuseStatus: 400 };
    try {
      await expect(fresh.run(batch(1, 1))).rejects.toThrow('answered 400');
    } finally {
      a.faults = {};
    }
    expect(answered(b)).toBe(b0);
  });

  it('opens without a server that cannot be reached, and reports it', async () => {
    const gone = await startOipServer({ models: { heatmaps: model } });
    const url = gone.url;
    await gone.stop();
    const lost: string[] = [];
    const pool = await RemotePool.open([target(url), target(a)], {
      onLost: (u, why) => lost.push(`${u}: ${why}`),
    });
    expect(pool.servers).toEqual([a.url]);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(`${url}: GET ${url}/v2/health/ready failed: ECONNREFUSED`);
    await expect(RemotePool.open([target(url)])).rejects.toThrow(
      `GET ${url}/v2/health/ready failed: ECONNREFUSED`,
    );
  });

  it('refuses servers that serve different models under one name, naming both', async () => {
    const c = await startOipServer({ models: { heatmaps: other } });
    try {
      await expect(RemotePool.open([target(a), target(c)])).rejects.toThrow(
        `model "heatmaps" on ${c.url} has other tensors than on ${a.url}`,
      );
      // A card check that fails on one server names that server.
      const check = (s: ort.InferenceSession) => {
        if (s.outputMetadata[0]?.isTensor && s.outputMetadata[0].shape[1] !== J)
          throw new Error('card.json: outputs.0.shape: the card says 5 joints');
      };
      await expect(RemotePool.open([target(a), target(c)], { check })).rejects.toThrow(
        `card.json: outputs.0.shape: the card says 5 joints (as served by ${c.url})`,
      );
    } finally {
      await c.stop();
    }
  });
});

describe('HTTPS with a custom certificate authority', () => {
  let certs: TestCerts;
  let server: OipServer;
  beforeAll(async () => {
    certs = makeTestCerts();
    server = await startOipServer({
      models: { heatmaps: model },
      tls: { key: certs.key, cert: certs.cert },
    });
  });
  afterAll(() => server.stop());

  it('refuses a certificate this machine does not trust, saying how to trust it', async () => {
    expect(server.url.startsWith('https://')).toBe(true);
    const err = (await RemoteSession.open({ url: server.url, model: 'heatmaps' }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err.message).toContain(`GET ${server.url}/v2/health/ready failed:`);
    expect(err.message).toContain('--remote-ca');
  });

  it('runs once told the CA, and names a CA file that is missing or holds no certificate', async () => {
    const dispatcher = serverPool([certs.caFile]);
    try {
      const s = await RemoteSession.open({ url: server.url, model: 'heatmaps', dispatcher });
      expect((await s.run(batch(2, 3))).output!.dims[0]).toBe(2);
    } finally {
      await dispatcher.close();
    }
    expect(() => serverPool([`${certs.dir}/nope.pem`])).toThrow(
      `the CA file ${certs.dir}/nope.pem cannot be read`,
    );
    expect(() => serverPool([`${certs.dir}/server.ext`])).toThrow(
      `the CA file ${certs.dir}/server.ext holds no PEM certificate`,
    );
  });
});
