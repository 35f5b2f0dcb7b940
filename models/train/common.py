"""Shared pieces of PoseScope's keypoint models (run with Debian's /usr/bin/python3).

Data: Human3.6M-17 world joints (mm, Y up) exported from CMU BVH by models/train/exportMocap.ts
(the one BVH parser is core/bvh). Views: DRPose3D-style virtual cameras. Models: small MLPs that
see 2D joints in pixels relative to the person's box (card input `normalize: "pixels"`) and
normalise them inside the graph (centre on the pelvis, divide by the RMS joint distance), so
the box convention of a dataset does not matter; the root-depth model also sees log(RMS px).
"""
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn

J = 17
PELVIS = 0
H36M = ['Pelvis', 'R_Hip', 'R_Knee', 'R_Ankle', 'L_Hip', 'L_Knee', 'L_Ankle', 'Torso', 'Neck',
        'Nose', 'Head', 'L_Shoulder', 'L_Elbow', 'L_Wrist', 'R_Shoulder', 'R_Elbow', 'R_Wrist']
TRAIN_SUBJECTS = ['001', '002', '003', '005']
TEST_SUBJECTS = ['006']
ALPHA, BETA, NB = 1.0, 8.0, 71
LOG_STEP = (math.log(BETA) - math.log(ALPHA)) / (NB - 1)
TOL_MM = 100.0
# Per-joint gross-outlier rate multipliers (extremities are mislocated more often by 2D detectors).
OUTLIER_WEIGHT = np.array([0.5, 0.7, 1.0, 1.5, 0.7, 1.0, 1.5, 0.5, 0.5, 1.0, 1.0,
                           0.8, 1.2, 1.6, 0.8, 1.2, 1.6], np.float32)
# The three 2D-noise levels every figure is reported at: (Gaussian sigma px, base outlier rate).
NOISE_LEVELS = {'clean': (0.0, 0.0), 'sigma5_out2': (5.0, 0.02), 'sigma10_out5': (10.0, 0.05)}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # models/


def setup(seed):
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(int(os.environ.get('POSESCOPE_THREADS', '1')))


def load(data, subjects):
    idx = json.load(open(os.path.join(data, 'index.json')))
    assert idx['joints'] == H36M, 'joint order differs from Human3.6M-17'
    out = [np.fromfile(os.path.join(data, f'{s}.f32'), '<f4').reshape(-1, J, 3) for s in subjects]
    return np.concatenate(out).astype(np.float32)


def look_at(cam_pos, target):
    """Rows x (image right), y (image down), z (forward); x stays parallel to the ground."""
    up = np.array([0.0, 1.0, 0.0])
    z = target - cam_pos
    z /= np.linalg.norm(z, axis=-1, keepdims=True)
    x = np.cross(z, up)
    x /= np.linalg.norm(x, axis=-1, keepdims=True)
    y = np.cross(z, x)
    return np.stack([x, y, z], axis=1)


def sample_views(poses, rng):
    """DRPose3D-style views of world poses (N,17,3): camera on a sphere around the pelvis,
    azimuth uniform, elevation U(-10°, 35°), distance ~ N(4500, 1300) mm clipped to keep d/f in
    HDNet's [1, 8]; image x axis parallel to the ground; focal U(800, 1600) px; principal point
    (500, 500) ± 60 px. Returns camera-space joints (N,17,3) mm, 2D (N,17,2) px, focal (N,)."""
    n = len(poses)
    root = poses[:, PELVIS].astype(np.float64)
    az = rng.uniform(0, 2 * np.pi, n)
    el = np.radians(rng.uniform(-10, 35, n))
    f = rng.uniform(800, 1600, n)
    d = np.clip(rng.normal(4500, 1300, n), 2000, np.minimum(9000, 7.5 * f))
    dirn = np.stack([np.cos(el) * np.sin(az), np.sin(el), np.cos(el) * np.cos(az)], 1)
    cam = root + d[:, None] * dirn
    target = root + rng.normal(0, 150, (n, 3))
    R = look_at(cam, target)
    Xc = np.einsum('nij,nkj->nki', R, poses - cam[:, None, :])
    c = 500 + rng.uniform(-60, 60, (n, 2))
    uv = f[:, None, None] * Xc[..., :2] / Xc[..., 2:3] + c[:, None, :]
    return Xc.astype(np.float32), uv.astype(np.float32), f.astype(np.float32)


def add_noise(uv, rng, sigma, rate):
    """Gaussian noise (sigma px) plus gross outliers: each joint with probability
    rate·OUTLIER_WEIGHT[j] moves to a uniform point within 0.3 × the pose's 2D extent."""
    out = uv + rng.normal(0, 1, uv.shape).astype(np.float32) * np.asarray(sigma, np.float32).reshape(-1, 1, 1)
    ext = (uv.max(1) - uv.min(1)).max(1)
    p = np.asarray(rate, np.float32).reshape(-1, 1) * OUTLIER_WEIGHT[None]
    hit = rng.uniform(size=p.shape) < p
    r = 0.3 * ext[:, None] * np.sqrt(rng.uniform(size=p.shape))
    th = rng.uniform(0, 2 * np.pi, p.shape)
    jump = np.stack([r * np.cos(th), r * np.sin(th)], -1).astype(np.float32)
    return np.where(hit[..., None], uv + jump, out)


def box_of(uv):
    """The annotation-style box: keypoint bounds grown 20 % (x, y, w, h)."""
    lo, hi = uv.min(1), uv.max(1)
    ctr, size = (lo + hi) / 2, (hi - lo) * 1.2
    return np.concatenate([ctr - size / 2, size], 1)


def pixels_input(uv, box):
    """The card's `normalize: "pixels"`: x, y minus the box centre."""
    return uv - (box[:, None, :2] + box[:, None, 2:] / 2)


def batch(poses, rng, n, noise=None):
    """A training batch: random poses, views and (mixed, unless given) noise."""
    P = poses[rng.integers(0, len(poses), n)]
    # Random mirror about the body's sagittal plane is not used: the CMU rig is not symmetric.
    Xc, uv, f = sample_views(P, rng)
    if noise is None:
        sigma = rng.uniform(0, 12, n) * (rng.uniform(size=n) < 0.85)
        rate = rng.uniform(0, 0.06, n)
    else:
        sigma, rate = np.full(n, noise[0]), np.full(n, noise[1])
    uvn = add_noise(uv, rng, sigma, rate)
    box = box_of(uvn)
    return dict(X=Xc, uv=uv, uvn=uvn, f=f, box=box, inp=pixels_input(uvn, box),
                box_gt=box_of(uv))


def test_set(poses, seed, noise, views=2):
    """Held-out views: the same cameras (same seed) at every noise level."""
    return _fixed(np.repeat(poses, views, 0), np.random.default_rng(seed), noise)


def _fixed(P, rng, noise):
    Xc, uv, f = sample_views(P, rng)
    n = len(P)
    uvn = add_noise(uv, rng, np.full(n, noise[0]), np.full(n, noise[1]))
    box = box_of(uvn)
    return dict(X=Xc, uv=uv, uvn=uvn, f=f, box=box, inp=pixels_input(uvn, box), box_gt=box_of(uv))


# ---------- targets ----------

def rank_target(X):
    """DRPose3D's target P_ij = (1 + M_ij)/2, M from depth differences with 100 mm tolerance."""
    dz = X[:, :, None, 2] - X[:, None, :, 2]
    return np.where(dz > TOL_MM, 1.0, np.where(-dz > TOL_MM, 0.0, 0.5)).astype(np.float32)


def bin_index(d, f):
    return (np.log(d / f) - math.log(ALPHA)) / LOG_STEP


def soft_two_bin(b):
    b = np.clip(b, 0, NB - 1)
    lo = np.minimum(np.floor(b), NB - 2).astype(np.int64)
    frac = (b - lo).astype(np.float32)
    t = np.zeros((len(b), NB), np.float32)
    t[np.arange(len(b)), lo] = 1 - frac
    t[np.arange(len(b)), lo + 1] = frac
    return t


# ---------- networks ----------

class Normalise(nn.Module):
    """Pixels (B,17,2) → pelvis-centred, RMS-scaled (B,34), and log RMS (B,1)."""

    def forward(self, x):
        c = x - x[:, PELVIS:PELVIS + 1, :]
        s = torch.sqrt((c * c).sum(-1).mean(-1, keepdim=True) + 1e-6)
        return (c / s.unsqueeze(-1)).reshape(x.shape[0], -1), torch.log(s)


class ResBlock(nn.Module):
    """Martinez et al. (2017): two Linear-BN-ReLU-Dropout layers with a residual connection."""

    def __init__(self, w, p):
        super().__init__()
        self.f = nn.Sequential(nn.Linear(w, w), nn.BatchNorm1d(w), nn.ReLU(), nn.Dropout(p),
                               nn.Linear(w, w), nn.BatchNorm1d(w), nn.ReLU(), nn.Dropout(p))

    def forward(self, x):
        return x + self.f(x)


def mlp(i, o, w, blocks, p):
    return nn.Sequential(nn.Linear(i, w), nn.BatchNorm1d(w), nn.ReLU(), nn.Dropout(p),
                         *[ResBlock(w, p) for _ in range(blocks)], nn.Linear(w, o))


# ---------- training loop ----------

def train(model, loss_fn, make_batch, steps, lr, log_every=250, name='model'):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    t0 = time.time()
    model.train()
    for step in range(1, steps + 1):
        b = make_batch()
        loss = loss_fn(model, b)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % log_every == 0 or step == steps:
            print(f'{name} step {step}/{steps} loss {loss.item():.4f} {time.time() - t0:.0f}s', flush=True)
    model.eval()
    return time.time() - t0


def t(a):
    return torch.from_numpy(np.ascontiguousarray(a, np.float32))


def export_onnx(module, args, names_in, names_out, path, dynamic=True):
    module.eval()
    axes = {n: {0: 'batch'} for n in names_in + names_out} if dynamic else None
    torch.onnx.export(module, args, path, input_names=names_in, output_names=names_out,
                      dynamic_axes=axes, opset_version=13, do_constant_folding=True)
    return os.path.getsize(path)
