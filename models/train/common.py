"""Shared pieces of PoseScope's keypoint models (run with Debian's /usr/bin/python3).

Data: Human3.6M-17 world joints (mm, Y up) exported from CMU BVH by models/train/exportMocap.ts
(the one BVH parser is core/bvh), rebuilt with the published Human3.6M bone lengths and varied
per sample (skeleton.py). Views: cameras like the datasets' and handheld photos (cameras.py).
Models: small MLPs that see 2D joints, NaN where a joint is not labelled — on the normalised
image plane (card input `normalize: "camera"`: the lifters and the ranking net) or in pixels
relative to the person's box (`normalize: "pixels"`: the root-depth net) — and normalise them
inside the graph (centre on the pelvis, divide by the RMS joint distance, flag the missing), so
the box convention of a dataset does not matter; the nets also see the centre and log(RMS).
"""
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn

from cameras import sample_views
from skeleton import J_NAMES as H36M
from skeleton import MIRROR, H36M_S1_MM, crouch_weights, mirror, rebuild, sample_lengths, sit

J = 17
PELVIS, NOSE, HEAD = 0, 9, 10
TRAIN_SUBJECTS = ['001', '002', '003', '005']
TEST_SUBJECTS = ['006']
# Root-depth bins of d/f: HDNet's 71 log-spaced bins, over 0.5–16 so that handheld photos
# (d/f down to ~0.6) and far people (7 m at f ≈ 700 px: 10) are inside.
ALPHA, BETA, NB = 0.5, 16.0, 71
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


def drop_joints(uv, rng):
    """Unlabelled joints as the models meet them, NaN: Human3.6M's head top for 20 % of samples
    (COCO has none), its nose for 10 % (MuPoTS has none), and in another 25 % each joint with
    probability 6 % × OUTLIER_WEIGHT (occluded or unlabelled, extremities more often; a derived
    pelvis goes with either hip). Never more than 6 joints."""
    n = len(uv)
    drop = np.zeros((n, J), bool)
    drop[:, HEAD] = rng.uniform(size=n) < 0.2
    drop[:, NOSE] = rng.uniform(size=n) < 0.1
    some = (rng.uniform(size=n) < 0.25)[:, None]
    drop |= some & (rng.uniform(size=(n, J)) < 0.06 * OUTLIER_WEIGHT[None])
    drop[:, PELVIS] |= drop[:, 1] | drop[:, 4]
    drop &= np.cumsum(drop, 1) <= 6
    return np.where(drop[..., None], np.float32(np.nan), uv)


def box_of(uv):
    """The annotation-style box: the labelled keypoints' bounds grown 20 % (x, y, w, h)."""
    lo, hi = np.nanmin(uv, 1), np.nanmax(uv, 1)
    ctr, size = (lo + hi) / 2, (hi - lo) * 1.2
    return np.concatenate([ctr - size / 2, size], 1)


def pixels_input(uv, box):
    """The card's `normalize: "pixels"`: x, y minus the box centre."""
    return uv - (box[:, None, :2] + box[:, None, 2:] / 2)


def camera_input(uv, f, c):
    """The card's `normalize: "camera"`: the normalised image plane, (uv − c) / f."""
    return ((uv - c[:, None, :]) / f[:, None, None]).astype(np.float32)


# Levers `train.py --ablate` can switch off one at a time, to measure what each is worth. `flip`
# (test-time flip averaging, `Flipped`) changes no training: measure it with --from-weights.
LEVERS = ('retarget', 'lengths', 'mirror', 'crouch', 'sit', 'cameras', 'drop', 'ray', 'flip')


class Poses:
    """Training poses: CMU frames rebuilt with the published Human3.6M bones, mirrored copies,
    crouching frames weighted up; each draw varies the bones and seats a share of the people."""

    def __init__(self, raw, off=()):
        self.off = set(off)
        base = rebuild(raw, H36M_S1_MM)
        self.raw = raw if 'mirror' in self.off else np.concatenate([raw, mirror(raw)])
        w = np.ones(len(base)) if 'crouch' in self.off else crouch_weights(base)
        w = w if 'mirror' in self.off else np.concatenate([w, w])
        self.p = w / w.sum()

    def draw(self, rng, n):
        """n poses with per-sample bone lengths (skeleton.sample_lengths)."""
        P = self.raw[rng.choice(len(self.raw), n, p=self.p)]
        if 'retarget' not in self.off:
            P = rebuild(P, H36M_S1_MM if 'lengths' in self.off else sample_lengths(n, rng))
        return P if 'sit' in self.off else sit(P, rng)


def batch(poses, rng, n, noise=None):
    """A training batch: random poses, camera mixture, (mixed, unless given) noise, dropped joints."""
    P = poses.draw(rng, n)
    Xc, uv, f, c = sample_views(P, rng, 'sphere' if 'cameras' in poses.off else None)
    if noise is None:
        sigma = rng.uniform(0, 12, n) * (rng.uniform(size=n) < 0.85)
        rate = rng.uniform(0, 0.06, n)
    else:
        sigma, rate = np.full(n, noise[0]), np.full(n, noise[1])
    uvn = add_noise(uv, rng, sigma, rate)
    uvn = uvn if 'drop' in poses.off else drop_joints(uvn, rng)
    return views_of(Xc, uv, uvn, f, c)


def test_set(poses, seed, noise, views=2, kind='sphere', published=True):
    """Held-out views of the published skeleton, every joint labelled: the same cameras (same
    seed) at every noise level; `sphere` is the protocol of the figures in models/README.md.
    `published=False` keeps the rig's joints as exported: the protocol the weights issue 25 was
    filed against were measured on (filing.py)."""
    P = np.repeat(poses, views, 0)
    P = rebuild(P, H36M_S1_MM) if published else P
    rng = np.random.default_rng(seed)
    Xc, uv, f, c = sample_views(P, rng, kind)
    n = len(P)
    uvn = add_noise(uv, rng, np.full(n, noise[0]), np.full(n, noise[1]))
    return views_of(Xc, uv, uvn, f, c)


def views_of(Xc, uv, uvn, f, c):
    """What the trainers read of a set of views: camera-space joints, clean and noisy 2D, the
    camera, the boxes and both card inputs."""
    box = box_of(uvn)
    return dict(X=Xc, uv=uv, uvn=uvn, f=f, box=box, inp=pixels_input(uvn, box),
                cam=camera_input(uvn, f, c), box_gt=box_of(uv))


# ---------- targets ----------

def rank_target(X):
    """DRPose3D's target P_ij = (1 + M_ij)/2, M from depth differences with 100 mm tolerance."""
    dz = X[:, :, None, 2] - X[:, None, :, 2]
    return np.where(dz > TOL_MM, 1.0, np.where(-dz > TOL_MM, 0.0, 0.5)).astype(np.float32)


def bin_index(d, f):
    return (np.log(d / f) - math.log(ALPHA)) / LOG_STEP


def root_depth(logits, f, alpha=ALPHA, beta=BETA):
    """HDNet Eq. 7: the soft-argmax bin index of the logits, as a depth (mm) at focal f; the
    bins are log-spaced over d/f in [alpha, beta] (these models' unless given)."""
    nb = logits.shape[1]
    step = (math.log(beta) - math.log(alpha)) / (nb - 1)  # LOG_STEP for these models' bins
    p = np.exp(logits - logits.max(1, keepdims=True))
    idx = (p / p.sum(1, keepdims=True) * np.arange(nb)).sum(1)
    return f * np.exp(math.log(alpha) + idx * step)


def fit_root(rel, cam, weights=None):
    """The camera-space translation (mm) that best places root-relative 3D joints rel (N,J,3 mm)
    on their 2D joints cam (N,J,2, the normalised image plane; NaN where not labelled): linear
    least squares on X + Tx = x (Z + Tz), Y + Ty = y (Z + Tz), every labelled joint weighted
    alike, or by `weights` (J,). The product's fitRootTranslation solves the same equations in
    pixels."""
    ok = np.isfinite(cam).all(-1) & np.isfinite(rel).all(-1)
    x = np.where(ok[..., None], cam, 0.0).astype(np.float64)
    X = np.where(ok[..., None], rel, 0.0).astype(np.float64)
    w = ok.astype(np.float64) * (1.0 if weights is None else np.asarray(weights, np.float64)[None])
    A = np.zeros((len(rel), 3, 3))
    b = np.zeros((len(rel), 3))
    for k in (0, 1):  # rows e_k − x_k e_z, right-hand side x_k Z − X_k
        row = np.zeros(x.shape[:2] + (3,))
        row[..., k] = 1
        row[..., 2] = -x[..., k]
        rhs = x[..., k] * X[..., 2] - X[..., k]
        A += np.einsum('nj,nja,njb->nab', w, row, row)
        b += np.einsum('nj,nja,nj->na', w, row, rhs)
    return np.linalg.solve(A, b[..., None])[..., 0]


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
    """2D joints (B,17,2; pixels or the image plane), NaN where not labelled → (B,51): the labelled joints centred
    on the pelvis (on their mean when the pelvis is missing) and divided by their RMS distance,
    zeros where missing, then the 17 labelled flags; log RMS (B,1); and the centre (B,2), which
    on the normalised image plane (`camera` input) says where the person is off the optical axis."""

    def forward(self, x):
        nan = torch.isnan(x)
        m = (~(nan[..., 0] | nan[..., 1])).float()
        x0 = torch.where(nan, torch.zeros_like(x), x)
        cnt = m.sum(1, keepdim=True).clamp(min=1)
        mean = (x0 * m.unsqueeze(-1)).sum(1, keepdim=True) / cnt.unsqueeze(-1)
        c = torch.where(m[:, PELVIS:PELVIS + 1, None] > 0, x0[:, PELVIS:PELVIS + 1], mean)
        d = (x0 - c) * m.unsqueeze(-1)
        s = torch.sqrt((d * d).sum(-1).sum(-1, keepdim=True) / cnt + 1e-6)
        z = d / s.unsqueeze(-1)
        return torch.cat([z.reshape(x.shape[0], -1), m], 1), torch.log(s), c[:, 0]


class Flipped(nn.Module):
    """Test-time flip averaging (as VideoPose3D, Pavllo et al. 2019, §4): the network also sees
    the 2D mirrored (x negated — about the principal point on the image plane, about the box
    centre for box-relative pixels — left and right swapped), its answer is mirrored back, and
    the two are averaged. The networks trained on mirrored poses too, so both answers are
    estimates of the same thing with partly independent errors; on held-out subject 006 the
    average is about 1 mm nearer (models/README.md). Depth is unchanged by the mirror: a
    ranking matrix only has its joints swapped, root-depth logits nothing."""

    def __init__(self, core, kind):
        super().__init__()
        self.core, self.kind = core, kind
        self.register_buffer('swap', torch.tensor(MIRROR, dtype=torch.long))
        self.register_buffer('negx', torch.tensor([-1.0, 1.0, 1.0]))

    def _pts(self, p):
        """Mirror joints (B,17,2 or 3) through x = 0, left and right swapped."""
        return p[:, self.swap] * self.negx[:p.shape[-1]]

    def _mat(self, m):
        return m[:, self.swap][:, :, self.swap]

    def forward(self, x, r=None):
        xf = self._pts(x)
        if self.kind == 'dpnet':
            (y, d), (yf, df) = self.core(x, r), self.core(xf, self._mat(r))
            return (y + self._pts(yf)) / 2, (d + df[:, self.swap]) / 2
        a, b = self.core(x), self.core(xf)
        if self.kind == 'lifter':
            return (a + self._pts(b)) / 2
        if self.kind == 'ranking':
            return (a + self._mat(b)) / 2
        return (a + b) / 2  # root-depth logits


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

def train(model, loss_fn, make_batch, steps, lr, validate, log_every=250, name='model'):
    """One-cycle Adam; every log_every steps the mean training loss since the last log and
    `validate(model)` (held-out subject 006 only) go to the curve it returns; at the end the
    batch-norm statistics are re-estimated (the curve's last entry gives the figure before and
    after)."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    t0 = time.time()
    curve, run = [], []
    model.train()
    for step in range(1, steps + 1):
        b = make_batch()
        loss = loss_fn(model, b)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        run.append(loss.item())
        if step % log_every == 0 or step == steps:
            model.eval()
            val = validate(model)
            model.train()
            curve.append({'step': step, 'loss': float(np.mean(run)), 'val': val,
                          'seconds': round(time.time() - t0)})
            run = []
            print(f'{name} step {step}/{steps} loss {curve[-1]["loss"]:.4f} val {val:.4f} '
                  f'{time.time() - t0:.0f}s', flush=True)
    before = validate(model.eval())
    recalibrate_batch_norm(model, loss_fn, make_batch)
    after = validate(model)
    curve.append({'step': steps, 'batch_norm': 'recalibrated', 'val_before': before, 'val': after,
                  'seconds': round(time.time() - t0)})
    print(f'{name} batch norm recalibrated: val {before:.4f} -> {after:.4f}', flush=True)
    return time.time() - t0, curve


def recalibrate_batch_norm(model, loss_fn, make_batch, batches=200):
    """Precise BN (Wu & Johnson 2021, "Rethinking 'Batch' in BatchNorm"): the running statistics
    training leaves are an EMA of the last ~10 batches (momentum 0.1), taken with dropout on, so
    the shipped weights would depend on which batches came last and see a variance at inference
    that dropout no longer makes. Re-estimate them as a plain average over `batches` fresh
    batches with dropout off, as the network runs when shipped; the weights do not change."""
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm1d)]
    model.eval()
    for bn in norms:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative average
        bn.train()
    with torch.no_grad():
        for _ in range(batches):
            loss_fn(model, make_batch())
    model.eval()


def t(a):
    return torch.from_numpy(np.ascontiguousarray(a, np.float32))


def export_onnx(module, args, names_in, names_out, path, dynamic=True):
    module.eval()
    axes = {n: {0: 'batch'} for n in names_in + names_out} if dynamic else None
    torch.onnx.export(module, args, path, input_names=names_in, output_names=names_out,
                      dynamic_axes=axes, opset_version=13, do_constant_folding=True)
    return os.path.getsize(path)
