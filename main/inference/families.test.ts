import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  cropTransform,
  decodeDepthLogits,
  decodeDrm,
  focalLength,
  HDNET_BINS,
  inputToImage,
  pixelToCamera,
} from '../../core';
import { writeModel } from '../../test/helpers/modelFiles';
import { constantModel, matMulModel } from '../../test/helpers/onnxGraphs';
import { blobF64 } from '../store/db/blobs';
import { decodeArtifact } from '../store/runs/artifacts';
import {
  bboxes,
  cards,
  crop,
  dataset,
  dbFile,
  expected2d,
  J,
  K,
  logits,
  models,
  peak,
  storedPredictions,
} from './inferTestKit';
import { runInference } from './runInference';

describe('runInference: the other families', () => {
  it('volumetric heatmaps + root bins, and ranking → DPNet-style lifter, decode through the pipeline', async () => {
    const D = 8;
    const volumes = new Float32Array(J * D * 16 * 16).fill(-40);
    for (let j = 0; j < J; j++)
      volumes[((j * D + (j % D)) * 16 + peak(j)[1]) * 16 + peak(j)[0]] = 40;
    const vol = writeModel(
      models,
      {
        name: 'vol',
        family: 'volumetric3d',
        skeleton: 'mupots17',
        inputs: [crop],
        outputs: [{ name: 'v', meaning: 'volumes', shape: [J * D, 16, 16] }],
        params: { depth: D },
      },
      constantModel({
        inputs: [{ name: 'image', shape: ['N', 3, 64, 64] }],
        outputs: [{ name: 'v', shape: [J * D, 16, 16], data: volumes }],
      }),
    );
    const r = await runInference({
      dbFile,
      dataset,
      cards: [vol, cards.bins!],
      runName: 'vol',
      provider: 'cpu',
    });
    expect(r.status).toBe('done');
    const depth = decodeDepthLogits(logits, focalLength(K), HDNET_BINS).depth;
    const boxes = new Map(bboxes().map((b) => [b.id, b.bbox]));
    for (const row of storedPredictions('vol')) {
      const want2d = expected2d(boxes.get(row.instance_id!)!);
      const cam = blobF64(row.joints_cam)!;
      want2d.forEach((uv, j) => {
        const want = pixelToCamera(uv, depth + ((j % D) / D - 0.5) * 2000, K);
        want.forEach((x, k) => expect(cam[3 * j + k]).toBeCloseTo(x, 3));
      });
    }

    const pairs = (J * (J - 1)) / 2;
    const probs = Float32Array.from({ length: pairs }, (_, k) => (k % 3) / 2);
    const rank = writeModel(
      models,
      {
        name: 'rank',
        family: 'ranking',
        skeleton: 'mupots17',
        inputs: [crop],
        outputs: [{ name: 'p', meaning: 'ranking' }],
      },
      constantModel({
        inputs: [{ name: 'image', shape: ['N', 3, 64, 64] }],
        outputs: [{ name: 'p', shape: [pairs], data: probs }],
      }),
    );
    // DPNet: 2D joints and the flattened ranking matrix in; here the matrix's weights pick
    // P_01 into the output's first coordinate, so the lifted pose shows the ranking arrived.
    const weights = new Float32Array(J * J * 3 * J);
    weights[1 * 3 * J + 0] = 1000;
    const dpnet = writeModel(
      models,
      {
        name: 'dpnet',
        family: 'lifter',
        skeleton: 'mupots17',
        inputs: [{ name: 'rank', source: 'ranking' }],
        outputs: [{ name: 'pose3d', meaning: 'joints3d' }],
      },
      matMulModel({
        inputName: 'rank',
        outputName: 'pose3d',
        inFeatures: J * J,
        outFeatures: 3 * J,
        weights,
      }),
    );
    await runInference({
      dbFile,
      dataset,
      cards: [rank, dpnet],
      runName: 'dpnet',
      provider: 'cpu',
    });
    const rows = storedPredictions('dpnet');
    expect(rows).toHaveLength(4);
    expect(blobF64(rows[0]!.joints_cam)![0]).toBeCloseTo(1000 * probs[0]!, 3);
    const db = new Database(dbFile, { readonly: true });
    const art = db
      .prepare(
        "SELECT a.shape, a.encoding, a.data FROM artifacts a JOIN runs r ON r.id = a.run_id WHERE r.name = 'dpnet' AND a.kind = 'ranking' LIMIT 1",
      )
      .get() as { shape: string; encoding: string; data: Buffer };
    db.close();
    const m = decodeArtifact({
      shape: JSON.parse(art.shape) as number[],
      encoding: art.encoding,
      data: art.data,
    });
    expect(m[0 * J + 1]).toBeCloseTo(probs[0]!, 6);
    expect(m[1 * J + 0]).toBeCloseTo(1 - probs[0]!, 6);
    await expect(
      runInference({ dbFile, dataset, cards: [dpnet], runName: 'no-ranking', provider: 'cpu' }),
    ).rejects.toThrow('inputs: takes a ranking matrix: put a ranking model before it');
  });

  it('decodes a DRM map set into the people it encodes', async () => {
    const [W, H] = [32, 24];
    const cells = W * H;
    const center = new Float32Array(cells);
    const offsets = new Float32Array(2 * J * cells);
    const rootDepth = new Float32Array(cells);
    const relDepth = new Float32Array(J * cells);
    const people = [
      { cell: [8, 10], depth: 4000 },
      { cell: [20, 12], depth: 5200 },
    ];
    people.forEach(({ cell: [cx, cy], depth }, n) => {
      const at = cy! * W + cx!;
      center[at] = 0.9 - n * 0.1;
      rootDepth[at] = depth;
      for (let j = 0; j < J; j++) {
        offsets[j * cells + at] = (j - 8) * 0.25;
        offsets[(J + j) * cells + at] = (j % 5) * 0.5 - 1;
        relDepth[j * cells + at] = j * 10 - 80;
      }
    });
    const card = writeModel(
      models,
      {
        name: 'drm',
        family: 'drm',
        skeleton: 'mupots17',
        inputs: [{ name: 'image', source: 'image', size: [128, 96] }],
        outputs: [
          { name: 'c', meaning: 'drm_center' },
          { name: 'o', meaning: 'drm_offsets' },
          { name: 'r', meaning: 'drm_root_depth' },
          { name: 'd', meaning: 'drm_relative_depth' },
        ],
        params: { stride: 4 },
      },
      constantModel({
        inputs: [{ name: 'image', shape: ['N', 3, 96, 128] }],
        outputs: [
          { name: 'c', shape: [1, H, W], data: center },
          { name: 'o', shape: [2 * J, H, W], data: offsets },
          { name: 'r', shape: [1, H, W], data: rootDepth },
          { name: 'd', shape: [J, H, W], data: relDepth },
        ],
      }),
    );
    const r = await runInference({
      dbFile,
      dataset,
      cards: [card],
      runName: 'drm',
      provider: 'cpu',
    });
    expect(r.targets).toMatchObject({ total: 3, computed: 3 });
    const t = cropTransform([0, 0, 640, 480], { width: 128, height: 96 });
    const want = decodeDrm(
      { center, offsets, rootDepth, relativeDepth: relDepth, joints: J, width: W, height: H },
      { stride: 4, intrinsics: K, toImage: (p) => inputToImage(t, p) },
    );
    const rows = storedPredictions('drm');
    expect(rows).toHaveLength(3 * 2);
    for (const [i, row] of rows.slice(0, 2).entries()) {
      const cam = blobF64(row.joints_cam)!;
      want[i]!.joints3d.forEach((p, j) =>
        p.forEach((x, k) => expect(cam[3 * j + k]).toBeCloseTo(x, 3)),
      );
    }
  });
});
