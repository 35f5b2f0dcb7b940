import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemoteReport } from '../../main/inference/remote/remoteDoctor';
import { startOipServer, type OipServer } from '../helpers/oipServer';
import { runCliAsync } from './runCli';

/**
 * `posescope doctor --remote`: what a server says of itself, the models it lists, and how each
 * installed card fits what it serves under the card's name — served right, served wrong (with
 * the card's field), or not served — and which named pipelines it can run whole.
 */
const root = resolve(import.meta.dirname, '..', '..');
// A settings folder of the test's own: the developer's settings must not change what is seen.
const user = ['--user-data', mkdtempSync(join(tmpdir(), 'posescope-doctor-'))];
const onnx = (card: string) => new Uint8Array(readFileSync(join(root, 'models', `${card}.onnx`)));

describe('doctor --remote', () => {
  let server: OipServer;
  let bare: OipServer;
  beforeAll(async () => {
    const models = {
      'kp-lifter-mupots17': onnx('kp-lifter-mupots17'),
      'kp-rootbins-mupots17': onnx('kp-rootbins-mupots17'),
      // Another model under a card's name: served, but not what the card describes.
      'kp-ranking-mupots17': onnx('kp-lifter-mupots17'),
    };
    [server, bare] = await Promise.all([
      startOipServer({ models, name: 'lab-triton' }),
      startOipServer({ models, repository: false, binary: false }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server.stop(), bare.stop()]);
  });

  it('reports the server, its models and how every installed card fits', async () => {
    const r = await runCliAsync(['doctor', '--remote', server.url, ...user]);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain(
      `server     ${server.url}: lab-triton 1, ready; extensions: binary_tensor_data, model_repository`,
    );
    expect(out).toContain(
      'models     3 listed: kp-lifter-mupots17/1 (READY), kp-rootbins-mupots17/1 (READY), kp-ranking-mupots17/1 (READY)',
    );
    expect(out).toContain('  fits     kp-lifter-mupots17 (mupots17)\n');
    expect(out).toContain('  fits     kp-rootbins-mupots17 (mupots17)\n');
    expect(out).toContain('  MISMATCH kp-ranking-mupots17 (mupots17)\n');
    expect(out).toContain(
      `kp-ranking-mupots17.json: outputs.0.name: the model has no output "ranking"`,
    );
    expect(out).toMatch(/ {2}not served \d+: kp-dpnet-coco17, .*kp-lifter-h36m17, /);
    expect(out).toContain(
      `pipelines  wholly served, for infer --remote ${server.url}: keypoints-3d-lifter (mupots17)`,
    );
  }, 60_000);

  it('says when a server cannot list its models, and reports in JSON', async () => {
    const r = await runCliAsync(['doctor', '--remote', bare.url, '--json', ...user]);
    expect(r.code, r.stderr).toBe(0);
    const [report] = (JSON.parse(r.stdout) as { servers: RemoteReport[] }).servers;
    expect(report!.server?.extensions).toEqual([]);
    expect(report!.models).toBeNull();
    const status = Object.fromEntries(report!.cards.map((c) => [c.card, c.status]));
    expect(status['kp-lifter-mupots17']).toBe('fits');
    expect(status['kp-ranking-mupots17']).toBe('mismatch');
    expect(status['kp-dpnet-coco17']).toBe('not served');
    expect(report!.pipelines).toEqual([{ name: 'keypoints-3d-lifter', skeleton: 'mupots17' }]);
    const text = await runCliAsync(['doctor', '--remote', bare.url, ...user]);
    expect(text.stdout).toContain(
      'models     (the server does not list its models: no model_repository extension)',
    );
  }, 60_000);

  it('fails, naming the server and why, when it cannot be reached', async () => {
    const gone = await startOipServer({ models: {} });
    await gone.stop();
    const r = await runCliAsync(['doctor', '--remote', gone.url, ...user]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `server     ${gone.url}: GET ${gone.url}/v2/health/ready failed: ECONNREFUSED`,
    );
    const bad = await runCliAsync(['doctor', '--remote', 'gpu-01:8000', ...user]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('the server "gpu-01:8000" is not http or https');
  }, 60_000);
});
