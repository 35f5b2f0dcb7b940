import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brokenModelBytes, shapeModel } from '../helpers/onnxGraphs';

const root = resolve(__dirname, '..', '..');
// Real paths: the refusals name the user folder as its links resolve (macOS's /var).
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'posescope-cli-models-')));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const userData = join(tmp, 'user-data');
const userModels = join(userData, 'models');
const picked = join(tmp, 'picked');
mkdirSync(picked);

/** The built CLI, with the user-data folder set as the app's tests set it. */
function cli(args: readonly string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'posescope.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', POSESCOPE_MODELS: '', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// The script an end-to-end test uses to get a model to add.
const tiny = join(picked, 'tiny-hm.onnx');
const made = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'scripts', 'models', 'tinyHeatmapModel.ts'), tiny],
  { encoding: 'utf8', cwd: root },
);
const userFiles = () => (existsSync(userModels) ? readdirSync(userModels).sort() : []);

describe('posescope models add / remove', () => {
  it('proposes, checks and saves a model into the user folder, listed and then removed', () => {
    expect(made.stderr).toBe('');
    const add = cli(['models', 'add', tiny, '--skeleton', 'coco17', '--user-data', userData]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain(
      `saved tiny-hm (heatmap2d, coco17) to ${join(userModels, 'tiny-hm.json')}`,
    );
    expect(add.stdout).toMatch(/guessed heatmap2d: output "heatmaps" is \[N, 17, 16, 16\]/);
    expect(add.stdout).toMatch(/check these fields .*: inputs\.0\.channels, .*license/);
    expect(add.stdout).not.toMatch(/fields.*skeleton/);
    expect(userFiles()).toEqual(['tiny-hm.json', 'tiny-hm.onnx']);

    // The app's settings folder given by POSESCOPE_USER_DATA: the same user folder.
    const listed = cli(['models', '--json'], { POSESCOPE_USER_DATA: userData });
    const models = (JSON.parse(listed.stdout) as { models: { file: string; loads: boolean }[] })
      .models;
    expect(models).toContainEqual(
      expect.objectContaining({ file: join(userModels, 'tiny-hm.json'), loads: true }),
    );

    const again = cli(['models', 'add', tiny, '--user-data', userData]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/a model card named "tiny-hm" already exists/);

    const rm = cli(['models', 'remove', 'tiny-hm', '--user-data', userData, '--json']);
    expect(rm.code).toBe(0);
    expect(JSON.parse(rm.stdout)).toEqual({ removed: join(userModels, 'tiny-hm.json') });
    expect(userFiles()).toEqual([]);
  });

  it('a broken model exits 1 naming the file, and saves nothing', () => {
    const broken = join(picked, 'broken.onnx');
    writeFileSync(broken, brokenModelBytes());
    const r = cli(['models', 'add', broken, '--user-data', userData]);
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(`posescope: ${broken} is not a readable ONNX model: `)).toBe(true);
    expect(r.stderr).toMatch(/protobuf parsing failed/);
    expect(r.stdout).toBe('');
    expect(userFiles()).toEqual([]);
  });

  it('a card that does not check lists every problem by field; nothing is saved', () => {
    const odd = join(picked, 'odd.onnx');
    writeFileSync(
      odd,
      shapeModel({
        inputs: [{ name: 'x', shape: ['N', 10] }],
        outputs: [{ name: 'y', shape: [5] }],
      }),
    );
    const r = cli(['models', 'add', odd, '--user-data', userData]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the card proposed for .*odd\.onnx does not check; nothing saved:\n/);
    expect(r.stderr).toMatch(/^ {2}family: /m);
    expect(r.stderr).toMatch(/^ {2}skeleton: /m);
    expect(r.stderr).toMatch(/input "x" is \[N, 10\]: neither an image/);
    expect(userFiles()).toEqual([]);
  });

  it('refuses to remove a card outside the user folder', () => {
    const r = cli(['models', 'remove', 'kp-lifter-h36m17', '--user-data', userData]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `posescope: ${join(root, 'models', 'kp-lifter-h36m17.json')} is not in your model folder ${userModels}; PoseScope removes only cards it saved there\n`,
    );
    expect(existsSync(join(root, 'models', 'kp-lifter-h36m17.json'))).toBe(true);
    const none = cli(['models', 'remove', 'no-such-card', '--user-data', userData]);
    expect(none.stderr).toBe(
      `posescope: no model card named "no-such-card" in your model folder ${userModels}\n`,
    );
  });
});
