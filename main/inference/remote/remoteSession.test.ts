import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOipServer, type OipServer } from '../../../test/helpers/oipServer';
import { convNetModel } from '../../../test/helpers/onnxGraphs';
import { mulberry32 } from '../../../test/helpers/random';
import { parseCard } from '../modelCard';
import { checkTensors } from '../modelSession';
import { RemoteError, RemoteSession } from './remoteSession';

const [H, W, J] = [32, 24, 5];
const model = convNetModel({ height: H, width: W, outChannels: J, hidden: 8, seed: 3 });

const card = parseCard('remote.json', {
  name: 'remote-heatmaps',
  family: 'heatmap2d',
  model: 'remote-heatmaps.onnx',
  license: 'MIT',
  provenance: 'built by the test',
  skeleton: 'coco17',
  inputs: [
    {
      name: 'input',
      source: 'crop',
      size: [W, H],
      layout: 'NCHW',
      channels: 'RGB',
      scale: 255,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
    },
  ],
  outputs: [{ name: 'output', meaning: 'heatmaps' }],
});

const batch = (n: number, seed: number) => {
  const rnd = mulberry32(seed);
  return new ort.Tensor(
    'float32',
    Float32Array.from({ length: n * 3 * H * W }, () => rnd() * 4 - 2),
    [n, 3, H, W],
  );
};

describe('RemoteSession (Open Inference Protocol)', () => {
  let server: OipServer;
  let local: ort.InferenceSession;
  const TOKEN = 'Bearer s3cret-token-value';
  beforeAll(async () => {
    server = await startOipServer({ models: { heatmaps: model } });
    local = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  });
  afterAll(async () => {
    await server.stop();
    await local.release();
  });

  it.each([
    ['JSON', false],
    ['binary', true],
  ] as const)(
    'a batch run remotely (%s tensors) equals the same batch run locally',
    async (_, binary) => {
      const remote = await RemoteSession.open({ url: server.url, model: 'heatmaps', binary });
      expect(remote.binary).toBe(binary);
      const feeds = { input: batch(3, 7) };
      const [got, want] = [await remote.run(feeds), await local.run(feeds)];
      expect(got.output!.dims).toEqual(want.output!.dims);
      const [a, b] = [got.output!.data as Float32Array, want.output!.data as Float32Array];
      let worst = 0;
      a.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - b[i]!))));
      expect(worst).toBeLessThan(1e-5);
    },
  );

  it('uses binary tensors where the server lists the extension, JSON where it does not', async () => {
    expect((await RemoteSession.open({ url: server.url, model: 'heatmaps' })).binary).toBe(true);
    const plain = await startOipServer({ models: { heatmaps: model }, binary: false });
    try {
      const remote = await RemoteSession.open({ url: plain.url, model: 'heatmaps' });
      expect(remote.binary).toBe(false);
      const out = await remote.run({ input: batch(1, 2) });
      expect(out.output!.dims).toEqual([1, J, H / 4, W / 4]);
    } finally {
      await plain.stop();
    }
  });

  it('passes the card checks a local model gets, with the same messages', async () => {
    const remote = await RemoteSession.open({ url: server.url, model: 'heatmaps' });
    expect(() => checkTensors(card, remote)).not.toThrow();
    server.lieAbout = (meta) => ({
      ...meta,
      inputs: [{ name: 'image', datatype: 'FP32', shape: [-1, 3, H, W] }],
    });
    try {
      const liar = await RemoteSession.open({ url: server.url, model: 'heatmaps' });
      expect(() => checkTensors(card, liar)).toThrow(
        'remote.json: inputs.0.name: the model has no input "input" (it has "image")',
      );
      server.lieAbout = (meta) => ({
        ...meta,
        inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 3, 64, 48] }],
      });
      const wrongSize = await RemoteSession.open({ url: server.url, model: 'heatmaps' });
      expect(() => checkTensors(card, wrongSize)).toThrow(
        `the card describes NCHW [N, 3, ${H}, ${W}] but the model's "input" is [-1, 3, 64, 48]`,
      );
      server.lieAbout = (meta) => ({ ...meta, inputs: 'none' });
      await expect(RemoteSession.open({ url: server.url, model: 'heatmaps' })).rejects.toThrow(
        `the metadata of model "heatmaps" on ${server.url} does not follow the inference protocol: inputs:`,
      );
    } finally {
      server.lieAbout = undefined;
    }
  });

  it('names the server, the model and the status when a request is refused or lost', async () => {
    await expect(RemoteSession.open({ url: server.url, model: 'nobody' })).rejects.toThrow(
      `GET ${server.url}/v2/models/nobody answered 404: no model "nobody"`,
    );
    const remote = await RemoteSession.open({ url: server.url, model: 'heatmaps', retries: 0 });
    server.faults = { refuseNext: 1 };
    const refused = await remote.run({ input: batch(1, 1) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RemoteError);
    expect((refused as RemoteError).status).toBe(503);
    expect((refused as Error).message).toBe(
      `POST ${server.url}/v2/models/heatmaps/infer answered 503: the server is overloaded`,
    );
    server.faults = { dropNext: 1 };
    const dropped = await remote.run({ input: batch(1, 1) }).catch((e: unknown) => e);
    expect((dropped as RemoteError).status).toBe(0);
    expect((dropped as Error).message).toMatch(
      `POST ${server.url}/v2/models/heatmaps/infer failed: `,
    );
    server.faults = { latencyMs: 400 };
    const slow = await RemoteSession.open({
      url: server.url,
      model: 'heatmaps',
      timeoutMs: 100,
    }).catch((e: unknown) => e);
    expect((slow as Error).message).toBe(
      `GET ${server.url}/v2/health/ready failed: no answer within 100 ms`,
    );
    server.faults = {};
    // And the session goes on once the server does.
    expect((await remote.run({ input: batch(1, 1) })).output!.dims[0]).toBe(1);
  });

  it('sends an inference again after a 5xx or a lost answer, with growing pauses; a 4xx is final', async () => {
    const remote = await RemoteSession.open({
      url: server.url,
      model: 'heatmaps',
      retries: 3,
      backoffMs: 20,
    });
    const before = server.inferences.get('heatmaps') ?? 0;
    server.faults = { refuseNext: 2 };
    expect((await remote.run({ input: batch(2, 5) })).output!.dims[0]).toBe(2);
    expect(server.faults.refuseNext).toBe(0);
    server.faults = { dropNext: 1 };
    expect((await remote.run({ input: batch(1, 5) })).output!.dims[0]).toBe(1);
    expect(server.inferences.get('heatmaps')).toBe(before + 2);
    server.faults = { refuseNext: 4 };
    await expect(remote.run({ input: batch(1, 5) })).rejects.toThrow('answered 503');
    server.faults = { refuseNext: 1, refuseStatus: 400 };
    await expect(remote.run({ input: batch(1, 5) })).rejects.toThrow('answered 400');
    expect(server.faults.refuseNext).toBe(0);
    server.faults = {};
  });

  it('sends its headers with every request and never puts them in an error', async () => {
    const before = server.authorizations.length;
    const remote = await RemoteSession.open({
      url: server.url,
      model: 'heatmaps',
      headers: { authorization: TOKEN },
      retries: 0,
    });
    await remote.run({ input: batch(1, 4) });
    const sent = server.authorizations.slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent.every((a) => a === TOKEN)).toBe(true);
    server.faults = { refuseNext: 1, refuseStatus: 401 };
    const err = (await remote.run({ input: batch(1, 4) }).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('answered 401');
    expect(`${err.message} ${err.stack}`).not.toContain('s3cret');
  });
});
