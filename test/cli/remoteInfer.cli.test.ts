import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../../main/store/db/openIndex';
import { startOipServer, type OipServer } from '../helpers/oipServer';
import { runCliAsync } from './runCli';

/**
 * `posescope infer --remote`: the same pipeline on an Open Inference Protocol server (the
 * test's own, written from the specification; not Triton) stores the same predictions as
 * in-process, a server that goes away mid-run leaves a run that resumes without computing
 * anyone twice, and the token reaches the server but no output, log or stored run.
 */
const root = resolve(import.meta.dirname, '..', '..');
const sample = join(root, 'assets', 'sample');
const CARDS = ['kp-lifter-mupots17', 'kp-rootbins-mupots17'];
const TOKEN = 'tok-8c1f-secret';
const tmp = mkdtempSync(join(tmpdir(), 'posescope-remote-'));
const db = join(tmp, 'index.sqlite');

interface Run {
  run: string;
  targets: { total: number; computed: number; resumed: number; failed: number };
  providers: { card: string; provider: string }[];
  issues: { kind: string; count: number; examples: string[] }[];
}

const models = () =>
  Object.fromEntries(
    CARDS.map((c) => [c, new Uint8Array(readFileSync(join(root, 'models', `${c}.onnx`)))]),
  );

/** The largest difference between two runs' stored predictions, which must cover the same targets. */
function worstDifference(x: string, y: string): number {
  const [a, b] = [predictions(x), predictions(y)];
  expect([...b.keys()]).toEqual([...a.keys()]);
  let worst = 0;
  for (const [k, v] of a)
    v.forEach((n, i) => (worst = Math.max(worst, Math.abs(n - b.get(k)![i]!))));
  return worst;
}

async function infer(runName: string, extra: string[], env: Record<string, string> = {}) {
  const args = ['infer', sample, '--pipeline', 'keypoints-3d-lifter', '--json', '--db', db];
  return runCliAsync([...args, '--run-name', runName, ...extra], env);
}

/** Each target's stored predictions in the named run. */
function predictions(run: string): Map<string, number[]> {
  const index = openIndex(db, { readonly: true });
  try {
    const rows = index
      .prepare(
        `SELECT r.target, r.predictions FROM inference_results r
         JOIN runs ON runs.id = r.run_id WHERE runs.name = ? ORDER BY r.target`,
      )
      .all(run) as { target: string; predictions: string }[];
    return new Map(
      rows.map((r) => [
        r.target,
        (JSON.parse(r.predictions) as { joints_cam?: number[][]; root_cam?: number[] }[]).flatMap(
          (p) => [...(p.root_cam ?? []), ...(p.joints_cam ?? []).flat()],
        ),
      ]),
    );
  } finally {
    index.close();
  }
}

describe('infer --remote', () => {
  let server: OipServer;
  beforeAll(async () => {
    server = await startOipServer({ models: models() });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('stores the same predictions as the same pipeline run in-process', async () => {
    const local = await infer('local', ['--provider', 'cpu']);
    expect(local.code, local.stderr).toBe(0);
    // The lifter's card maps Human3.6M-17 onto MuPoTS-17, which has a Head Human3.6M lacks: NaN
    // in every prediction, said once for the run rather than once per person.
    const l = JSON.parse(local.stdout) as Run;
    expect(l.issues.map((i) => i.kind)).not.toContain('non-finite coordinates');
    expect(l.issues.find((i) => i.kind === 'joint not predicted')).toEqual({
      kind: 'joint not predicted',
      count: 1,
      examples: [
        `run local: Head in ${l.targets.computed} of ${l.targets.computed} predictions (left out of the figures)`,
      ],
    });
    const remote = await infer('remote', ['--remote', server.url], {
      POSESCOPE_REMOTE_TOKEN: TOKEN,
    });
    expect(remote.code, remote.stderr).toBe(0);
    const r = JSON.parse(remote.stdout) as Run;
    expect(r.providers.map((p) => `${p.card} ${p.provider}`)).toEqual(
      CARDS.map((c) => `${c} remote`),
    );
    expect(r.targets.computed).toBe((JSON.parse(local.stdout) as Run).targets.computed);
    const [a, b] = [predictions('local'), predictions('remote')];
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect(a.size).toBeGreaterThan(100);
    let worst = 0;
    for (const [k, v] of a)
      v.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - b.get(k)![i]!))));
    // 0 here: the same onnxruntime on both sides; the margin is for thread-count rounding.
    expect(worst).toBeLessThan(1e-6);
    // Every request carried the token; nothing the user or the index sees does.
    expect(server.authorizations.length).toBeGreaterThan(0);
    expect(server.authorizations.every((h) => h === `Bearer ${TOKEN}`)).toBe(true);
    expect(remote.stdout + remote.stderr).not.toContain(TOKEN);
    for (const f of [db, `${db}-wal`])
      if (existsSync(f)) expect(readFileSync(f).includes(TOKEN)).toBe(false);
  }, 120_000);

  it('resumes a run whose server went away half way, computing nobody twice', async () => {
    const before = [...server.inferences.values()].reduce((x, y) => x + y, 0);
    // Three batches of 16 through both models, then every request refused.
    server.faults = { refuseInferencesAfter: before + 6 };
    const one = ['--remote', server.url, '--batch-size', '16', '--remote-inflight', '1'];
    const failed = await infer('flaky', one);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(
      `${server.url}/v2/models/kp-lifter-mupots17/infer answered 503`,
    );
    server.faults = {};
    const resumed = await infer('flaky', one);
    expect(resumed.code, resumed.stderr).toBe(0);
    const t = (JSON.parse(resumed.stdout) as Run).targets;
    expect(t.resumed).toBe(48);
    expect(t.computed + t.resumed).toBe(t.total);
    const [a, b] = [predictions('local'), predictions('flaky')];
    expect(b.size).toBe(a.size);
  }, 120_000);

  it('refuses a pipeline whose model the server does not have, naming it and the server', async () => {
    const r = await infer('missing', ['--remote', server.url, '--remote-model', 'other']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--remote-model names one model, but the pipeline has 2');
    const bad = await infer('bad', ['--remote', 'ftp://example.org']);
    expect(bad.stderr).toContain('the server "ftp://example.org" is not http or https');
  }, 60_000);

  it('shares a run between two servers, several batches in flight, the token from the settings file', async () => {
    const second = await startOipServer({ models: models() });
    const userData = join(tmp, 'user');
    mkdirSync(userData, { recursive: true });
    writeFileSync(
      join(userData, 'settings.json'),
      JSON.stringify({
        remote: { servers: [server, second].map((x) => ({ url: x.url, token: TOKEN })) },
      }),
    );
    try {
      const auth = [server.authorizations.length, second.authorizations.length] as const;
      server.load.peak = 0;
      // Held answers, so that two requests the client keeps in flight overlap on a server even
      // when a busy machine is slow to send the second.
      for (const x of [server, second]) x.faults = { holdInferenceMs: 150 };
      const before = server.items.get(CARDS[0]!) ?? 0;
      const r = await infer('pair', [
        '--remote',
        `${server.url},${second.url}`,
        '--remote-inflight',
        '2',
        '--batch-size',
        '8',
        '--user-data',
        userData,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const t = (JSON.parse(r.stdout) as Run).targets;
      expect(t.computed).toBe(t.total);
      // Each person's crop went to exactly one server, and both servers took a share.
      const shares = [(server.items.get(CARDS[0]!) ?? 0) - before, second.items.get(CARDS[0]!)!];
      expect(shares[0]! + shares[1]!).toBe(t.total);
      expect(Math.min(...shares)).toBeGreaterThan(t.total / 5);
      expect(Math.max(server.load.peak, second.load.peak)).toBeGreaterThanOrEqual(2);
      expect(worstDifference('local', 'pair')).toBeLessThan(1e-6);
      const sent = [
        ...server.authorizations.slice(auth[0]),
        ...second.authorizations.slice(auth[1]),
      ];
      expect(sent.length).toBeGreaterThan(10);
      expect(sent.every((h) => h === `Bearer ${TOKEN}`)).toBe(true);
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      for (const f of [db, `${db}-wal`])
        if (existsSync(f)) expect(readFileSync(f).includes(TOKEN)).toBe(false);
    } finally {
      server.faults = {};
      await second.stop();
    }
  }, 180_000);

  it('goes on with the other server when one is killed mid-run; killed and restarted alone, the run resumes', async () => {
    let second = await startOipServer({ models: models() });
    const port = new URL(second.url).port;
    // Kill the second server once it has answered a few batches.
    const killer = setInterval(() => {
      if ((second.inferences.get(CARDS[0]!) ?? 0) >= 3) {
        clearInterval(killer);
        void second.stop();
      }
    }, 5);
    try {
      const args = ['--batch-size', '8', '--remote-retries', '1'];
      const r = await infer('killed', ['--remote', `${second.url},${server.url}`, ...args]);
      clearInterval(killer);
      expect(r.code, r.stderr).toBe(0);
      const run = JSON.parse(r.stdout) as Run;
      expect(run.targets.computed).toBe(run.targets.total);
      const left = run.issues.find((i) => i.kind === 'server left out');
      expect(left?.examples[0]).toContain(`${second.url}: `);
      expect(worstDifference('local', 'killed')).toBeLessThan(1e-6);

      // Alone, the killed server's run stops; restarted on the same port, it resumes and
      // infers exactly the people not yet stored.
      second = await startOipServer({ models: models(), port: Number(port) });
      const only = ['--remote', second.url, '--remote-inflight', '1', ...args];
      const killAgain = setInterval(() => {
        if ((second.inferences.get(CARDS[0]!) ?? 0) >= 4) {
          clearInterval(killAgain);
          void second.stop();
        }
      }, 5);
      const stopped = await infer('alone', only);
      clearInterval(killAgain);
      expect(stopped.code).not.toBe(0);
      expect(stopped.stderr).toContain(`${second.url}/v2/models/`);
      second = await startOipServer({ models: models(), port: Number(port) });
      const resumed = await infer('alone', only);
      expect(resumed.code, resumed.stderr).toBe(0);
      const t = (JSON.parse(resumed.stdout) as Run).targets;
      expect(t.resumed).toBeGreaterThan(0);
      expect(t.computed + t.resumed).toBe(t.total);
      expect(second.items.get(CARDS[0]!)).toBe(t.computed);
      expect(worstDifference('local', 'alone')).toBeLessThan(1e-6);
    } finally {
      clearInterval(killer);
      await second.stop().catch(() => undefined);
    }
  }, 240_000);
});
