"""Virtual cameras for training and measuring the keypoint models.

`sphere` is DRPose3D's view sampling, kept as the held-out figures' protocol so they compare
with earlier weights. Training mixes cameras like the ones the models meet:
- `h36m`: Human3.6M's four studio cameras — f ≈ 1,145 px on 1,000-px frames, 4–6 m away
  (3.5–7 m here), at about chest height (elevation −5°…15°);
- `3dhp`: MPI-INF-3DHP / MuPoTS — f ≈ 1,500 px on 2,048-px frames, nearer (2.5–6 m), and
  cameras up to ceiling height (elevation −10°…55°);
- `photo`: a handheld photo — the longer side W 640–4,000 px, f = W × 0.6–1.4 (phones and
  compact cameras), 1.5–9 m but never nearer than the whole body fits, elevation −15°…35°, a
  little roll.
Every kind puts the person anywhere in the frame's middle 70 %, so perspective away from the
optical axis is in the data.
"""
import numpy as np

PELVIS = 0
KINDS = {'h36m': 0.4, '3dhp': 0.25, 'photo': 0.35}


def look_at(cam_pos, target):
    """Rows x (image right), y (image down), z (forward); x stays parallel to the ground."""
    up = np.array([0.0, 1.0, 0.0])
    z = target - cam_pos
    z /= np.linalg.norm(z, axis=-1, keepdims=True)
    x = np.cross(z, up)
    x /= np.linalg.norm(x, axis=-1, keepdims=True)
    y = np.cross(z, x)
    return np.stack([x, y, z], axis=1)


def _rot(axis, a):
    """Rotations about camera axis 0 (x), 1 (y) or 2 (z) by angles a (N,)."""
    c, s = np.cos(a), np.sin(a)
    R = np.zeros((len(a), 3, 3))
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    R[:, axis, axis] = 1
    R[:, i, i], R[:, j, j], R[:, i, j], R[:, j, i] = c, c, -s, s
    return R


def _intrinsics(kind, n, rng):
    """Focal length (px), principal point (px) and the frame's size (W, H) per view."""
    if kind == 'sphere':
        f = rng.uniform(800, 1600, n)
        size = np.full((n, 2), 1000.0)
        return f, 500 + rng.uniform(-60, 60, (n, 2)), size
    if kind == 'h36m':
        f = rng.uniform(1100, 1180, n)
        size = np.full((n, 2), 1000.0)
        return f, 500 + rng.uniform(-15, 15, (n, 2)), size
    if kind == '3dhp':
        f = rng.uniform(1400, 1600, n)
        size = np.full((n, 2), 2048.0)
        return f, 1024 + rng.uniform(-30, 30, (n, 2)), size
    W = rng.uniform(640, 4000, n)
    portrait = rng.uniform(size=n) < 0.4
    size = np.stack([np.where(portrait, 0.75 * W, W), np.where(portrait, W, 0.75 * W)], 1)
    return W * rng.uniform(0.6, 1.4, n), size / 2, size


def _placement(kind, n, f, size, rng):
    """Distance (mm), elevation (rad) and roll (rad) per view."""
    if kind == 'sphere':
        d = np.clip(rng.normal(4500, 1300, n), 2000, np.minimum(9000, 7.5 * f))
        return d, np.radians(rng.uniform(-10, 35, n)), np.zeros(n)
    if kind == 'h36m':
        return rng.uniform(3500, 7000, n), np.radians(rng.uniform(-5, 15, n)), np.zeros(n)
    if kind == '3dhp':
        return rng.uniform(2500, 6000, n), np.radians(rng.uniform(-10, 55, n)), np.zeros(n)
    # A standing person (~1.8 m with margin) must fit the shorter side.
    near = 1900 * f / size.min(1)
    d = np.maximum(rng.uniform(1500, 9000, n), near)
    return d, np.radians(rng.uniform(-15, 35, n)), np.radians(rng.normal(0, 5, n))


def sample_views(poses, rng, kind=None):
    """Views of world poses (N,17,3 mm, Y up). `kind` names one camera kind for all views, or
    None for the training mixture (KINDS). Returns camera-space joints (N,17,3) mm, 2D (N,17,2)
    px, focal (N,) px and principal point (N,2) px."""
    n = len(poses)
    kinds = ([kind] * n if kind else rng.choice(list(KINDS), n, p=list(KINDS.values())))
    kinds = np.asarray(kinds)
    f, c, size, d, el, roll = (np.empty(n), np.empty((n, 2)), np.empty((n, 2)), np.empty(n),
                               np.empty(n), np.empty(n))
    for k in np.unique(kinds):
        sel = kinds == k
        m = int(sel.sum())
        f[sel], c[sel], size[sel] = _intrinsics(k, m, rng)
        d[sel], el[sel], roll[sel] = _placement(k, m, f[sel], size[sel], rng)
    root = poses[:, PELVIS].astype(np.float64)
    az = rng.uniform(0, 2 * np.pi, n)
    dirn = np.stack([np.cos(el) * np.sin(az), np.sin(el), np.cos(el) * np.cos(az)], 1)
    cam = root + d[:, None] * dirn
    R = look_at(cam, root + rng.normal(0, 150, (n, 3)))
    # Off-axis: turn the camera so the person lands anywhere in the middle 70 % of the frame
    # (the DRPose3D protocol keeps them centred).
    off = np.where((kinds == 'sphere')[:, None], 0.0, rng.uniform(-0.35, 0.35, (n, 2)) * size)
    yaw, pitch = np.arctan((off[:, 0] + size[:, 0] / 2 - c[:, 0]) / f), np.arctan((off[:, 1] + size[:, 1] / 2 - c[:, 1]) / f)
    yaw = np.where(kinds == 'sphere', 0.0, yaw)
    pitch = np.where(kinds == 'sphere', 0.0, pitch)
    R = _rot(2, roll) @ _rot(0, -pitch) @ _rot(1, yaw) @ R
    Xc = np.einsum('nij,nkj->nki', R, poses - cam[:, None, :])
    uv = f[:, None, None] * Xc[..., :2] / Xc[..., 2:3] + c[:, None, :]
    return Xc.astype(np.float32), uv.astype(np.float32), f.astype(np.float32), c.astype(np.float32)
