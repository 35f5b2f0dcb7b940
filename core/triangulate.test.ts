import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cameraArb } from '../test/helpers/poseArbitraries';
import type { Camera, Intrinsics } from './camera';
import {
  projectWorldPoint,
  reprojectionResiduals,
  triangulateLinear,
  triangulatePoint,
  type TriangulationView,
} from './triangulate';
import type { Mat3, Vec2, Vec3 } from './types';

// Test geometry is built with its own small helpers so that nothing here leans on the code
// under test (or on core's matrix helpers) to decide what the right answer is.

const normalize = (a: Vec3): Vec3 => {
  const n = Math.hypot(...a);
  return [a[0] / n, a[1] / n, a[2] / n];
};
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const rotate = (R: Mat3, x: Vec3): Vec3 => {
  const row = (r: Vec3) => r[0] * x[0] + r[1] * x[1] + r[2] * x[2];
  return [row(R[0]), row(R[1]), row(R[2])];
};
/** t = −R·C for a camera centred at C. */
const translationFor = (R: Mat3, centre: Vec3): Vec3 => {
  const r = rotate(R, centre);
  return [-r[0], -r[1], -r[2]];
};

/** A camera at `centre` looking at `target`, image y pointing down the world's z-up. */
function lookAt(centre: Vec3, target: Vec3, intr: Intrinsics): Camera {
  const z = normalize([target[0] - centre[0], target[1] - centre[1], target[2] - centre[2]]);
  const x = normalize(cross(z, [0, 0, 1]));
  const y = cross(z, x);
  const R: Mat3 = [x, y, z];
  return { ...intr, R, t: translationFor(R, centre) };
}

/** OpenCV's `projectPoints` written out from its documentation, for one world point. */
function refProject(cam: Camera, X: Vec3): Vec2 {
  const r = rotate(cam.R, X);
  const c: Vec3 = [r[0] + cam.t[0], r[1] + cam.t[1], r[2] + cam.t[2]];
  const x = c[0] / c[2];
  const y = c[1] / c[2];
  const [k1, k2, k3] = cam.k ?? [0, 0, 0];
  const [p1, p2] = cam.p ?? [0, 0];
  const r2 = x * x + y * y;
  const radial = 1 + k1 * r2 + k2 * r2 * r2 + k3 * r2 * r2 * r2;
  const xd = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x);
  const yd = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y;
  return [cam.f[0] * xd + cam.c[0], cam.f[1] * yd + cam.c[1]];
}

const sse = (cams: readonly Camera[], px: readonly Vec2[], X: Vec3) =>
  cams.reduce((s, cam, i) => {
    const [u, v] = refProject(cam, X);
    return s + (u - px[i]![0]) ** 2 + (v - px[i]![1]) ** 2;
  }, 0);

// A Human3.6M-like rig: intrinsics and distortion of the size of its four cameras', placed at the
// corners of the capture room ~5 m from the subject at ~1.5 m height and looking at the middle of
// the body (a made-up layout, not the published extrinsics); world is z-up, mm.
const SUBJECT: Vec3 = [0, 0, 900];
const H36M: Camera[] = [
  lookAt([3400, -3900, 1600], SUBJECT, {
    f: [1145.05, 1143.78],
    c: [512.54, 515.45],
    k: [-0.2071, 0.2476, -0.0031],
    p: [-0.00097, -0.00143],
  }),
  lookAt([3700, 3600, 1500], SUBJECT, {
    f: [1149.68, 1147.59],
    c: [508.85, 508.06],
    k: [-0.1942, 0.2404, 0.0068],
    p: [-0.0016, -0.0027],
  }),
  lookAt([-3300, 4200, 1700], SUBJECT, {
    f: [1149.14, 1148.8],
    c: [519.82, 501.4],
    k: [-0.2083, 0.2558, -0.0025],
    p: [-0.0015, -0.0009],
  }),
  lookAt([-3800, -3500, 1450], SUBJECT, {
    f: [1145.51, 1144.77],
    c: [514.97, 501.88],
    k: [-0.1983, 0.218, -0.0089],
    p: [-0.0009, -0.0005],
  }),
];

// Joints of a standing person and a few wider reaches: head, hands out, feet, a knee.
const POINTS: Vec3[] = [
  [0, 0, 900],
  [30, -20, 1700],
  [650, 120, 1400],
  [-700, -90, 1350],
  [150, 100, 60],
  [-160, 90, 80],
  [110, -40, 480],
  [400, 700, 1000],
];

const subsets = <T>(xs: readonly T[], k: number): T[][] =>
  k === 0
    ? [[]]
    : xs.flatMap((x, i) => subsets(xs.slice(i + 1), k - 1).map((rest) => [x, ...rest]));

const viewsOf = (cams: readonly Camera[], pixels: readonly Vec2[]): TriangulationView[] =>
  cams.map((camera, i) => ({ camera, pixel: pixels[i]! }));

/** Mulberry32, so the noisy cases are the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, gauss };
}

/**
 * An independent minimiser of the reprojection SSE: the best node of a dense grid around `near`,
 * then Nelder–Mead (Lagarias et al. 1998's standard coefficients) restarted from its own result
 * until a restart no longer improves, which guards against a collapsed simplex.
 */
function bruteForceMinimum(f: (x: Vec3) => number, near: Vec3, half: number, step: number): Vec3 {
  let best = near;
  let bestF = f(near);
  for (let i = -half; i <= half; i += step) {
    for (let j = -half; j <= half; j += step) {
      for (let k = -half; k <= half; k += step) {
        const x: Vec3 = [near[0] + i, near[1] + j, near[2] + k];
        const fx = f(x);
        if (fx < bestF) [best, bestF] = [x, fx];
      }
    }
  }
  let size = step;
  for (let restart = 0; restart < 20; restart++) {
    const next = nelderMead(f, best, size);
    const fNext = f(next);
    const improved = fNext < bestF;
    if (improved) [best, bestF] = [next, fNext];
    size = Math.max(dist(next, best), 1e-6) * 2;
    if (!improved && restart > 2) break;
  }
  return best;
}

function nelderMead(f: (x: Vec3) => number, x0: Vec3, size: number): Vec3 {
  type P = { x: Vec3; f: number };
  const at = (x: Vec3): P => ({ x, f: f(x) });
  const comb = (a: Vec3, b: Vec3, t: number): Vec3 => [
    a[0] + t * (b[0] - a[0]),
    a[1] + t * (b[1] - a[1]),
    a[2] + t * (b[2] - a[2]),
  ];
  let s: P[] = [
    at(x0),
    at([x0[0] + size, x0[1], x0[2]]),
    at([x0[0], x0[1] + size, x0[2]]),
    at([x0[0], x0[1], x0[2] + size]),
  ];
  for (let it = 0; it < 5000; it++) {
    s.sort((a, b) => a.f - b.f);
    const [b, , , w] = s as [P, P, P, P];
    if (dist(b.x, w.x) < 1e-10 && Math.abs(w.f - b.f) <= 1e-15 * (1 + b.f)) break;
    const [p0, p1, p2] = [s[0]!.x, s[1]!.x, s[2]!.x];
    const c: Vec3 = [
      (p0[0] + p1[0] + p2[0]) / 3,
      (p0[1] + p1[1] + p2[1]) / 3,
      (p0[2] + p1[2] + p2[2]) / 3,
    ];
    const r = at(comb(c, w.x, -1));
    if (r.f < b.f) {
      const e = at(comb(c, w.x, -2));
      s[3] = e.f < r.f ? e : r;
    } else if (r.f < s[2]!.f) {
      s[3] = r;
    } else {
      const ct = r.f < w.f ? at(comb(c, r.x, 0.5)) : at(comb(c, w.x, 0.5));
      if (ct.f < Math.min(r.f, w.f)) s[3] = ct;
      else s = s.map((p, i) => (i === 0 ? p : at(comb(b.x, p.x, 0.5))));
    }
  }
  s.sort((a, b) => a.f - b.f);
  return s[0]!.x;
}

describe('projectWorldPoint', () => {
  it('matches OpenCV projectPoints written out, distortion included', () => {
    for (const cam of H36M) {
      for (const X of POINTS) {
        const a = projectWorldPoint(cam, X);
        const b = refProject(cam, X);
        expect(Math.abs(a[0] - b[0])).toBeLessThan(1e-9);
        expect(Math.abs(a[1] - b[1])).toBeLessThan(1e-9);
      }
    }
  });

  it('sees every test joint inside the 1000 × 1002 image of every camera', () => {
    for (const cam of H36M) {
      for (const X of POINTS) {
        const [u, v] = projectWorldPoint(cam, X);
        expect(u).toBeGreaterThan(0);
        expect(u).toBeLessThan(1000);
        expect(v).toBeGreaterThan(0);
        expect(v).toBeLessThan(1002);
      }
    }
  });
});

describe('triangulatePoint', () => {
  it.each([2, 3, 4])(
    'recovers noiseless points exactly (≤ 1e-6 mm) from every set of %i Human3.6M-like cameras',
    (k) => {
      for (const cams of subsets(H36M, k)) {
        for (const X of POINTS) {
          const res = triangulatePoint(
            viewsOf(
              cams,
              cams.map((c) => refProject(c, X)),
            ),
          );
          expect(dist(res.point, X)).toBeLessThanOrEqual(1e-6);
          expect(res.residuals).toHaveLength(k);
          res.residuals.forEach((r) => expect(r).toBeLessThan(1e-6));
          expect(res.rms).toBeLessThan(1e-6);
        }
      }
    },
  );

  it('round-trips through distortion, which moves these pixels by up to ~16 px', () => {
    // A raised hand off to one side: near the edge of the frame in two cameras, where the lenses
    // bend most.
    const X: Vec3 = [1500, -1500, 1900];
    const pinholes = H36M.map(({ k: _k, p: _p, ...cam }) => cam);
    const pixels = H36M.map((c) => refProject(c, X));
    const shift = pixels.map((px, i) => {
      const q = refProject(pinholes[i]!, X);
      return Math.hypot(px[0] - q[0], px[1] - q[1]);
    });
    expect(Math.max(...shift)).toBeGreaterThan(10);

    const res = triangulatePoint(viewsOf(H36M, pixels));
    expect(dist(res.point, X)).toBeLessThanOrEqual(1e-6);
    // The same pixels read as if the lenses were perfect land centimetres off: the lens model is
    // what makes the first answer exact.
    const naive = triangulatePoint(viewsOf(pinholes, pixels));
    expect(dist(naive.point, X)).toBeGreaterThan(20);
    expect(naive.rms).toBeGreaterThan(1);
  });

  it('finds the known optimum of a symmetric two-view case: residuals exactly δ in each view', () => {
    // Rectified pinhole stereo: both cameras look along +z, centres at x = ±b/2. Both predict the
    // same v = f·Y/Z + cy for any point, so with observed rows cy + δ and cy − δ the v-error is at
    // least δ² + δ², reached only at Y = 0; the columns are then met exactly at X = 0, Z = Z₀.
    const f = 1150;
    const cx = 512;
    const cy = 500;
    const b = 1000;
    const Z0 = 5000;
    const delta = 3.25;
    const cam = (x: number): Camera => ({
      f: [f, f],
      c: [cx, cy],
      R: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      t: [-x, 0, 0],
    });
    const left = cam(-b / 2);
    const right = cam(b / 2);
    const res = triangulatePoint([
      { camera: left, pixel: [cx + (f * b) / 2 / Z0, cy + delta] },
      { camera: right, pixel: [cx - (f * b) / 2 / Z0, cy - delta] },
    ]);
    expect(dist(res.point, [0, 0, Z0])).toBeLessThan(1e-6);
    res.residuals.forEach((r) => expect(r).toBeCloseTo(delta, 9));
    expect(res.rms).toBeCloseTo(delta, 9);
  });

  it('with pixel noise, reaches the brute-force minimum and never does worse than the DLT', () => {
    const { gauss } = rng(23);
    let refinedBeatDlt = 0;
    for (const cams of [...subsets(H36M, 2), ...subsets(H36M, 3), H36M]) {
      for (const X of POINTS.slice(0, 4)) {
        const pixels = cams.map((c): Vec2 => {
          const [u, v] = refProject(c, X);
          return [u + 1.5 * gauss(), v + 1.5 * gauss()];
        });
        const views = viewsOf(cams, pixels);
        const cost = (x: Vec3) => sse(cams, pixels, x);
        const res = triangulatePoint(views);
        const dlt = triangulateLinear(views);
        const brute = bruteForceMinimum(cost, X, 40, 4);

        // The reported residuals are the independent projection's.
        const ref = cams.map((c, i) => {
          const [u, v] = refProject(c, res.point);
          return Math.hypot(u - pixels[i]![0], v - pixels[i]![1]);
        });
        res.residuals.forEach((r, i) => expect(Math.abs(r - ref[i]!)).toBeLessThan(1e-9));
        expect(res.rms).toBeCloseTo(Math.sqrt(ref.reduce((s, r) => s + r * r, 0) / ref.length), 12);

        const refined = cost(res.point);
        expect(refined).toBeLessThanOrEqual(cost(dlt));
        expect(refined).toBeLessThanOrEqual(cost(brute) + 1e-9 * (1 + refined));
        expect(dist(res.point, brute)).toBeLessThan(1e-3);
        expect(res.rms).toBeGreaterThan(0.05);
        // Diagonal pairs (0–2, 1–3) look at each other across the room, and a joint at shoulder
        // height lies almost on their baseline, so two of them can be decimetres off with these
        // few px of noise — the brute force agrees — while three or more views pin it down.
        if (cams.length >= 3) expect(dist(res.point, X)).toBeLessThan(20);
        if (refined < cost(dlt) - 1e-9) {
          refinedBeatDlt++;
          expect(res.iterations).toBeGreaterThan(0);
        }
      }
    }
    const views = viewsOf(
      H36M,
      H36M.map((c, i): Vec2 => {
        const [u, v] = refProject(c, POINTS[2]!);
        return [u + 2 * i, v - i];
      }),
    );
    const unrefined = triangulatePoint(views, { maxIterations: 0 });
    expect(unrefined.point).toEqual(triangulateLinear(views));
    expect(unrefined.iterations).toBe(0);
    // The refinement has to matter somewhere, or the test would not tell DLT from LM.
    expect(refinedBeatDlt).toBeGreaterThan(10);
  });

  it('property: exact without noise, optimal and no worse than the DLT with noise', () => {
    const num = (min: number, max: number) => fc.double({ min, max, noNaN: true });
    const rig = fc.array(
      fc.record({
        intr: cameraArb,
        azimuth: num(0, 2 * Math.PI),
        distance: num(3500, 7000),
        height: num(300, 2500),
      }),
      { minLength: 2, maxLength: 5 },
    );
    const point = fc.tuple(num(-700, 700), num(-700, 700), num(0, 1900));
    const noise = fc.array(num(-2, 2), { minLength: 10, maxLength: 10 });
    fc.assert(
      fc.property(rig, point, noise, (specs, X: Vec3, n) => {
        const cams = specs.map(({ intr, azimuth, distance, height }) =>
          lookAt(
            [distance * Math.cos(azimuth), distance * Math.sin(azimuth), height],
            SUBJECT,
            intr,
          ),
        );
        const clean = cams.map((c) => refProject(c, X));
        let exact;
        try {
          // With a margin over the default 2°, so that noise cannot tip the noisy case under it.
          exact = triangulatePoint(viewsOf(cams, clean), { minRayAngleDeg: 5 });
        } catch (e) {
          // Random rigs may put cameras side by side; that refusal is tested on its own below.
          expect(String(e)).toMatch(/nearly parallel/);
          return;
        }
        expect(dist(exact.point, X)).toBeLessThanOrEqual(1e-6);

        const noisy = clean.map(([u, v], i): Vec2 => [u + n[2 * i]!, v + n[2 * i + 1]!]);
        const views = viewsOf(cams, noisy);
        const res = triangulatePoint(views);
        const cost = (x: Vec3) => sse(cams, noisy, x);
        expect(cost(res.point)).toBeLessThanOrEqual(cost(triangulateLinear(views)) + 1e-12);
        // First-order optimality, by central differences of the independent SSE: a gradient of
        // 1e-5 px²/mm is a few nanometres from the minimum at these curvatures.
        const h = 1e-3;
        const [px, py, pz] = res.point;
        const grad = [
          cost([px + h, py, pz]) - cost([px - h, py, pz]),
          cost([px, py + h, pz]) - cost([px, py - h, pz]),
          cost([px, py, pz + h]) - cost([px, py, pz - h]),
        ].map((d) => d / (2 * h));
        expect(Math.hypot(...grad)).toBeLessThan(1e-5 * (1 + cost(res.point)));
      }),
      { numRuns: 200 },
    );
  });

  describe('refuses', () => {
    const pinhole = (centre: Vec3, R: Mat3 = ID): Camera => ({
      f: [1000, 1000],
      c: [500, 500],
      R,
      t: translationFor(R, centre),
    });
    const ID: Mat3 = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const FLIP: Mat3 = [
      [-1, 0, 0],
      [0, 1, 0],
      [0, 0, -1],
    ];

    it('fewer than two views', () => {
      expect(() => triangulatePoint([])).toThrow(/at least 2 views, got 0/);
      const one = [{ camera: H36M[0]!, pixel: [500, 500] as Vec2 }];
      expect(() => triangulatePoint(one)).toThrow(/at least 2 views, got 1/);
      expect(() => triangulateLinear(one)).toThrow(/at least 2 views, got 1/);
    });

    it('a point behind a camera, naming the view', () => {
      // B sits 10 m in front of A looking the same way; the point between them is behind B,
      // where it still projects (mirrored) onto a pixel, so the views agree exactly on it.
      const X: Vec3 = [500, 0, 5000];
      const a = pinhole([0, 0, 0]);
      const b = pinhole([0, 0, 10000]);
      const views = viewsOf([a, b], [refProject(a, X), refProject(b, X)]);
      expect(() => triangulatePoint(views)).toThrow(
        /behind the camera of view 1 \(depth -5000\.0 mm/,
      );
      expect(() => triangulatePoint([views[1]!, views[0]!])).toThrow(
        /behind the camera of view 0 /,
      );
    });

    it('nearly parallel rays, reporting the angle', () => {
      // 50 mm apart, 5 m away: the rays meet at atan(50 / 5000) = 0.573°.
      const X: Vec3 = [0, 0, 5000];
      const cams = [pinhole([0, 0, 0]), pinhole([50, 0, 0])];
      const views = viewsOf(
        cams,
        cams.map((c) => refProject(c, X)),
      );
      expect(() => triangulatePoint(views)).toThrow(
        /nearly parallel — the widest angle between them is 0\.57° \(views 0 and 1\), under the 2°/,
      );
      // Below the default the geometry is poor but not singular, and the caller may accept it.
      expect(dist(triangulatePoint(views, { minRayAngleDeg: 0.5 }).point, X)).toBeLessThan(1e-6);

      const same = [views[0]!, views[0]!];
      expect(() => triangulatePoint(same)).toThrow(/widest angle between them is 0\.00°/);
    });

    it('rays meeting head-on, a point on the line between two facing cameras', () => {
      const cams = [pinhole([0, 0, 0]), pinhole([0, 0, 10000], FLIP)];
      const views = viewsOf(
        cams,
        cams.map((c) => refProject(c, [0, 0, 4000])),
      );
      expect(() => triangulatePoint(views)).toThrow(/nearly parallel .* 0\.00°/);
    });

    it('a pixel that is not a number, naming the view', () => {
      const views: TriangulationView[] = [
        { camera: H36M[0]!, pixel: [500, 500] },
        { camera: H36M[1]!, pixel: [Number.NaN, 500] },
      ];
      expect(() => triangulatePoint(views)).toThrow(/view 1's pixel \(NaN, 500\)/);
    });
  });
});

describe('reprojectionResiduals', () => {
  it('is the per-view pixel distance through the full camera model', () => {
    const X: Vec3 = [100, 200, 1000];
    const pixels = H36M.map((c, i): Vec2 => {
      const [u, v] = refProject(c, X);
      return [u + 3 * i, v - 4 * i];
    });
    const r = reprojectionResiduals(H36M, pixels, X);
    r.forEach((d, i) => expect(d).toBeCloseTo(5 * i, 9));
  });

  it('refuses cameras and pixels of different lengths', () => {
    expect(() => reprojectionResiduals(H36M, [[0, 0]], [0, 0, 0])).toThrow(
      /4 cameras but 1 pixels/,
    );
  });
});
