import {
  cameraToPixel,
  cameraToWorld,
  undistortNormalized,
  worldToCamera,
  type Camera,
  type Intrinsics,
} from './camera';
import { jacobiSvd, solveLinear } from './linalg/dense';
import { angleBetween, mulMat3Vec3, norm3, transpose3 } from './linalg/vec';
import type { Vec2, Vec3 } from './types';

/** One calibrated view of a joint: the camera and where the joint is seen in its image (px). */
export interface TriangulationView {
  readonly camera: Camera;
  readonly pixel: Vec2;
}

export interface TriangulateOptions {
  /**
   * Refuse when no two views' rays are further than this from parallel (degrees; default 2). The
   * depth error per pixel of noise is about Z / (f·θ): at 5 m with f ≈ 1145 px and θ = 2° that is
   * already ~125 mm, so below it a triangulated joint is not worth writing.
   */
  readonly minRayAngleDeg?: number;
  /** Cap on Levenberg–Marquardt iterations, accepted or not (default 100). */
  readonly maxIterations?: number;
}

export interface Triangulation {
  /** World point (mm). */
  readonly point: Vec3;
  /** Per view, the pixel distance between its observation and the point projected through it. */
  readonly residuals: number[];
  /** Root mean square of `residuals` (px). */
  readonly rms: number;
  /** Levenberg–Marquardt steps accepted after the linear estimate. */
  readonly iterations: number;
}

/**
 * World → pixel through the whole camera: X_cam = R·X + t, then perspective division, lens
 * distortion and f, c ({@link worldToCamera} then {@link cameraToPixel}). A point behind the
 * camera is not refused here: it projects to the pixel of its reflection through the centre.
 */
export const projectWorldPoint = (camera: Camera, x: Vec3): Vec2 =>
  cameraToPixel(worldToCamera(x, camera), camera);

/** Per view, the distance (px) between `pixels[i]` and `x` projected through `cameras[i]`. */
export function reprojectionResiduals(
  cameras: readonly Camera[],
  pixels: readonly Vec2[],
  x: Vec3,
): number[] {
  if (cameras.length !== pixels.length) {
    throw new RangeError(
      `reprojectionResiduals: ${cameras.length} cameras but ${pixels.length} pixels`,
    );
  }
  return cameras.map((cam, i) => {
    const [u, v] = projectWorldPoint(cam, x);
    const p = pixels[i]!;
    return Math.hypot(u - p[0], v - p[1]);
  });
}

const DEG = 180 / Math.PI;

interface Ray {
  /** Undistorted normalised image coordinates (X/Z, Y/Z). */
  readonly xy: Vec2;
  /** Camera centre in the world (mm). */
  readonly centre: Vec3;
  /** World direction of the ray through the pixel (not unit). */
  readonly dir: Vec3;
}

function raysOf(views: readonly TriangulationView[], opts: TriangulateOptions): Ray[] {
  if (views.length < 2) {
    throw new RangeError(
      `triangulation needs the joint placed in at least 2 views, got ${views.length}`,
    );
  }
  const rays = views.map(({ camera, pixel }, i): Ray => {
    const xd: Vec2 = [
      (pixel[0] - camera.c[0]) / camera.f[0],
      (pixel[1] - camera.c[1]) / camera.f[1],
    ];
    const xy = undistortNormalized(xd, camera);
    if (!xy.every(Number.isFinite)) {
      throw new RangeError(
        `triangulation: view ${i}'s pixel (${pixel[0]}, ${pixel[1]}) does not map to a ray through its camera`,
      );
    }
    const rt = transpose3(camera.R);
    return {
      xy,
      centre: cameraToWorld([0, 0, 0], camera),
      dir: mulMat3Vec3(rt, [xy[0], xy[1], 1]),
    };
  });

  // Rays meeting head-on (θ near 180°, a point on the baseline between two cameras) leave the
  // depth along them as unobservable as parallel ones, so the angle is folded onto 0..90°.
  let best = { angle: -1, i: 0, j: 1 };
  for (let i = 0; i < rays.length; i++) {
    for (let j = i + 1; j < rays.length; j++) {
      const theta = angleBetween(rays[i]!.dir, rays[j]!.dir);
      const angle = Math.min(theta, Math.PI - theta) * DEG;
      if (angle > best.angle) best = { angle, i, j };
    }
  }
  const minAngle = opts.minRayAngleDeg ?? 2;
  if (!(best.angle >= minAngle)) {
    throw new RangeError(
      `triangulation: the views' rays are nearly parallel — the widest angle between them is ` +
        `${best.angle.toFixed(2)}° (views ${best.i} and ${best.j}), under the ${minAngle}° needed ` +
        `to fix a depth; place the joint in views seen from further apart`,
    );
  }
  return rays;
}

/**
 * Linear triangulation (DLT; Hartley & Zisserman, Multiple View Geometry, §12.2) from undistorted
 * normalised coordinates: each view gives x·P₃ − P₁ = 0 and y·P₃ − P₂ = 0 with P = [R | t], and
 * the point is the smallest right singular vector of the stacked rows. Working in normalised
 * coordinates takes f and c out of the conditioning; the world is additionally shifted to the
 * cameras' centroid and scaled by their spread (Hartley's normalisation of the unknown) so that
 * the fourth homogeneous coordinate is of the size of the other three rather than 1/5000 of them.
 */
function dlt(views: readonly TriangulationView[], rays: readonly Ray[]): Vec3 {
  const n = rays.length;
  const mean = (k: 0 | 1 | 2) => rays.reduce((sum, r) => sum + r.centre[k], 0) / n;
  const c: Vec3 = [mean(0), mean(1), mean(2)];
  const spread = rays.reduce(
    (s, r) => s + Math.hypot(r.centre[0] - c[0], r.centre[1] - c[1], r.centre[2] - c[2]) / n,
    0,
  );
  const s = spread > 0 ? spread : 1;
  const rows: number[][] = [];
  views.forEach(({ camera }, i) => {
    const [x, y] = rays[i]!.xy;
    const rc = mulMat3Vec3(camera.R, c);
    const P = camera.R.map((row, k) => [...row, (rc[k]! + camera.t[k]!) / s]);
    const [p1, p2, p3] = P as [number[], number[], number[]];
    rows.push(p3.map((v, k) => x * v - p1[k]!));
    rows.push(p3.map((v, k) => y * v - p2[k]!));
  });
  const { V } = jacobiSvd(rows);
  const h = V[3]!;
  const w = h[3]!;
  const scale = Math.hypot(h[0]!, h[1]!, h[2]!);
  if (!(Math.abs(w) > 1e-12 * scale)) {
    throw new RangeError(
      'triangulation: the rays meet only at infinity; place the joint in views seen from further apart',
    );
  }
  return [c[0] + (s * h[0]!) / w, c[1] + (s * h[1]!) / w, c[2] + (s * h[2]!) / w];
}

/**
 * Linear (DLT) estimate of the world point, before any refinement. Refuses fewer than 2 views,
 * pixels that do not back-project, and nearly parallel rays, as {@link triangulatePoint} does.
 */
export function triangulateLinear(
  views: readonly TriangulationView[],
  opts: TriangulateOptions = {},
): Vec3 {
  return dlt(views, raysOf(views, opts));
}

/**
 * ∂(u, v)/∂X_world of the full camera model at X: f ⊙ ∂distort/∂(x, y) · ∂(x, y)/∂X_cam · R,
 * with the derivatives of camera.ts's Brown–Conrady polynomial (`distortNormalized`) written out.
 */
function projectWithJacobian(cam: Camera, x: Vec3): { uv: Vec2; depth: number; J: [Vec3, Vec3] } {
  const xc = worldToCamera(x, cam);
  const depth = xc[2];
  const nx = xc[0] / depth;
  const ny = xc[1] / depth;
  const { xd, yd, D } = distortWithJacobian(nx, ny, cam);
  // ∂(x, y)/∂X_cam = [[1/Z, 0, −x/Z], [0, 1/Z, −y/Z]].
  const dn: [Vec3, Vec3] = [
    [1 / depth, 0, -nx / depth],
    [0, 1 / depth, -ny / depth],
  ];
  const row = (a: 0 | 1): Vec3 => {
    const d = D[a];
    const f = cam.f[a];
    // ∂(u or v)/∂X_cam, then through X_cam = R·X by multiplying with R on the right.
    const g: Vec3 = [
      f * (d[0] * dn[0][0] + d[1] * dn[1][0]),
      f * (d[0] * dn[0][1] + d[1] * dn[1][1]),
      f * (d[0] * dn[0][2] + d[1] * dn[1][2]),
    ];
    const [r0, r1, r2] = cam.R;
    return [
      g[0] * r0[0] + g[1] * r1[0] + g[2] * r2[0],
      g[0] * r0[1] + g[1] * r1[1] + g[2] * r2[1],
      g[0] * r0[2] + g[1] * r1[2] + g[2] * r2[2],
    ];
  };
  const J: [Vec3, Vec3] = [row(0), row(1)];
  return {
    uv: [cam.f[0] * xd + cam.c[0], cam.f[1] * yd + cam.c[1]],
    depth,
    J,
  };
}

function distortWithJacobian(
  x: number,
  y: number,
  intr: Intrinsics,
): { xd: number; yd: number; D: [Vec2, Vec2] } {
  const [k1, k2, k3] = intr.k ?? [0, 0, 0];
  const [p1, p2] = intr.p ?? [0, 0];
  const r2 = x * x + y * y;
  const radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
  const dRadial = k1 + r2 * (2 * k2 + 3 * k3 * r2);
  const xy = 2 * x * y * dRadial + 2 * p1 * x + 2 * p2 * y;
  return {
    xd: x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x),
    yd: y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y,
    D: [
      [radial + 2 * x * x * dRadial + 2 * p1 * y + 6 * p2 * x, xy],
      [xy, radial + 2 * y * y * dRadial + 6 * p1 * y + 2 * p2 * x],
    ],
  };
}

interface Evaluation {
  readonly cost: number;
  readonly depths: number[];
  readonly r: number[];
  readonly J: Vec3[];
}

function evaluate(views: readonly TriangulationView[], x: Vec3): Evaluation {
  const r: number[] = [];
  const J: Vec3[] = [];
  const depths: number[] = [];
  for (const { camera, pixel } of views) {
    const p = projectWithJacobian(camera, x);
    r.push(p.uv[0] - pixel[0], p.uv[1] - pixel[1]);
    J.push(...p.J);
    depths.push(p.depth);
  }
  return { cost: r.reduce((s, v) => s + v * v, 0), depths, r, J };
}

function behindMessage(depths: readonly number[]): string | undefined {
  const k = depths.findIndex((z) => !(z > 0));
  if (k < 0) return undefined;
  return (
    `triangulation: the point lies behind the camera of view ${k} (depth ${depths[k]!.toFixed(1)} mm ` +
    `there); check that every view marks the same joint`
  );
}

/**
 * Triangulates one joint from two or more calibrated views: the linear DLT estimate
 * ({@link triangulateLinear}) refined by Levenberg–Marquardt (Marquardt 1963, with his diagonal
 * scaling of the damping) on the sum of squared pixel reprojection errors through the full
 * camera model, distortion included (Hartley & Zisserman §12.3's "gold standard" for one point),
 * with the analytic Jacobian. The DLT minimises an algebraic error in undistorted coordinates,
 * which weights views by depth and ignores how distortion stretches pixels; the refinement makes
 * the answer the maximum-likelihood point for equal pixel noise in every view.
 *
 * Throws for fewer than 2 views, nearly parallel rays (the angle is in the message), and a point
 * at or behind any camera (the view is named). Steps that would cross a camera's plane are
 * rejected like steps that raise the cost, so refinement never leaves the cameras' fronts.
 */
export function triangulatePoint(
  views: readonly TriangulationView[],
  opts: TriangulateOptions = {},
): Triangulation {
  let x = triangulateLinear(views, opts);
  let ev = evaluate(views, x);
  const behind = behindMessage(ev.depths);
  if (behind) throw new RangeError(behind);

  const maxIterations = opts.maxIterations ?? 100;
  let lambda = 1e-3;
  let iterations = 0;
  for (let it = 0; it < maxIterations && ev.cost > 0; it++) {
    const jtj = [0, 1, 2].map((a) =>
      [0, 1, 2].map((b) => ev.J.reduce((s, row) => s + row[a]! * row[b]!, 0)),
    );
    const g = [0, 1, 2].map((a) => ev.J.reduce((s, row, i) => s + row[a]! * ev.r[i]!, 0));
    const damped = jtj.map((row, a) => row.map((v, b) => (a === b ? v * (1 + lambda) : v)));
    const step = solveLinear(
      damped,
      g.map((v) => -v),
    );
    const trial: Vec3 | undefined = step && [x[0] + step[0]!, x[1] + step[1]!, x[2] + step[2]!];
    const tried = trial && evaluate(views, trial);
    if (!trial || !tried || tried.depths.some((z) => !(z > 0)) || !(tried.cost < ev.cost)) {
      lambda *= 10;
      // Past this the step is below rounding of x: nothing nearby lowers the cost.
      if (lambda > 1e16) break;
      continue;
    }
    const gain = ev.cost - tried.cost;
    const stepNorm = norm3([trial[0] - x[0], trial[1] - x[1], trial[2] - x[2]]);
    x = trial;
    ev = tried;
    iterations++;
    lambda = Math.max(lambda / 10, 1e-12);
    if (stepNorm <= 1e-13 * (1 + norm3(x)) || gain <= 1e-15 * tried.cost) break;
  }

  const residuals = views.map((_, i) => Math.hypot(ev.r[2 * i]!, ev.r[2 * i + 1]!));
  return {
    point: x,
    residuals,
    rms: Math.sqrt(residuals.reduce((s, d) => s + d * d, 0) / residuals.length),
    iterations,
  };
}
