"""Trains one of PoseScope's keypoint models on CMU motion capture and ships it to models/.

    npx tsx models/train/exportMocap.ts --data ../shared/data/cmu-mocap --out /tmp/posescope-mocap
    /usr/bin/python3 models/train/train.py lifter|ranking|dpnet|rootbins [--data /tmp/posescope-mocap] [--steps N]

Seed 0 throughout; one CPU thread unless POSESCOPE_THREADS says otherwise. Train on subjects
001/002/003/005, measure on 006 at three 2D-noise levels, export ONNX (opset 13) for each dataset
skeleton (h36m17, mupots17, coco17: joint maps from core/skeletons baked into the graph), write
the model cards, ONNX fixtures and a metrics JSON. `dpnet` reads the ranking net's weights
(train `ranking` first) to report DPNet with predicted rankings.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cameras import sample_views  # noqa: E402
from common import (ALPHA, BETA, J, NB, NOISE_LEVELS, NOSE, PELVIS, ROOT, TEST_SUBJECTS,  # noqa: E402
                    LEVERS, Flipped, TOL_MM, TRAIN_SUBJECTS, Normalise, Poses, batch, bin_index, export_onnx, fit_root, load, mlp,
                    rank_target, root_depth, setup, soft_two_bin, t, test_set, train, views_of)

SKELETONS = ['h36m17', 'mupots17', 'coco17']
CMU = 'CMU Graphics Lab motion capture (mocap.cs.cmu.edu), subjects 001, 002, 003, 005'
TEST = 'CMU mocap subject 006, synthetic views'


# ---------- networks (Human3.6M-17 inside) ----------

# What each network sees: the normalised image plane (`camera`: the lifters and the ranking net
# need the person's direction off the optical axis to give camera-frame depths and poses), or
# pixels relative to the box (`pixels`: root depth reads the person's size in pixels, d/f).
INPUT = {'lifter': 'cam', 'ranking': 'cam', 'dpnet': 'cam', 'rootbins': 'inp'}
RAY = 3.0  # the centre's scale as a feature (±0.35 rad off-axis → about ±1)


class Lifter(nn.Module):
    """Martinez et al. 2017 simple baseline: normalised 2D and the person's direction →
    root-relative 3D in the camera frame (m), 2 residual blocks 768 wide. On subject 006 at σ 5 px
    after 20,000 steps: 384 wide 61.5 mm, 768 wide 58.7, Martinez et al.'s 1024 wide 57.6 — whose
    17 MB per skeleton is past the 10 MB a committed model may take (test/shippedModels.test.ts)."""

    def __init__(self, w=768, p=0.25, ray=RAY):
        super().__init__()
        self.norm = Normalise()
        self.net = mlp(3 * J + 2, 3 * (J - 1), w, 2, p)
        self.ray = ray

    def forward(self, x):
        z, _, c = self.norm(x)
        y = self.net(torch.cat([z, c * self.ray], 1)).reshape(-1, J - 1, 3)
        return torch.cat([torch.zeros_like(y[:, :1]), y], 1)  # pelvis at the origin


class RankNet(nn.Module):
    """Keypoint-input ranking net: normalised 2D (+ log pixel scale) → J×J logits, antisymmetric."""

    def __init__(self, w=256, p=0.2):
        super().__init__()
        self.norm = Normalise()
        self.net = mlp(3 * J + 3, J * J, w, 2, p)

    def forward(self, x):
        # On the image plane log RMS is about log(size / distance): −5 … −1.
        z, ls, c = self.norm(x)
        m = self.net(torch.cat([z, c * RAY, (ls + 3) / 2], 1)).reshape(-1, J, J)
        return (m - m.transpose(1, 2)) / 2


class DPNet(nn.Module):
    """DRPose3D DPNet: DepthNet (2D + ranking → coarse joint depths) then PoseNet (2D + coarse
    depths → 3D), cascaded; depths and 3D pelvis-relative in metres."""

    def __init__(self, w=512, p=0.2):
        super().__init__()
        self.norm = Normalise()
        self.depth = mlp(3 * J + 2 + J * J, J, w, 1, p)
        self.pose = mlp(4 * J + 2, 3 * J, w, 2, p)

    def forward(self, x, r):
        z, _, c = self.norm(x)
        z = torch.cat([z, c * RAY], 1)
        d = self.depth(torch.cat([z, r.reshape(-1, J * J) * 2 - 1], 1))
        y = self.pose(torch.cat([z, d], 1)).reshape(-1, J, 3)
        y = y - y[:, PELVIS:PELVIS + 1]
        return y, d - d[:, PELVIS:PELVIS + 1]


class RootBins(nn.Module):
    """Keypoint-input variant of HDNet's depth head (no image features): normalised 2D and log
    pixel scale → N_B logits over log-spaced bins of d/f (HDNet Eq. 6). 256 wide: 768 wide (20,000
    steps) reads the root of subject 006 better but that of both real samples worse
    (models/README.md, "What each lever is worth")."""

    def __init__(self, w=256, p=0.1):
        super().__init__()
        self.norm = Normalise()
        self.net = mlp(3 * J + 1, NB, w, 2, p)

    def forward(self, x):
        z, ls, _ = self.norm(x)
        return self.net(torch.cat([z, (ls - 5) / 2], 1))


# ---------- metrics (as core/metrics) ----------

def mpjpe(p, g):
    return np.linalg.norm((p - p[:, :1]) - (g - g[:, :1]), axis=-1).mean(1)


def pa_mpjpe(p, g):
    out = np.empty(len(p))
    for i in range(len(p)):
        X, Y = p[i] - p[i].mean(0), g[i] - g[i].mean(0)
        U, S, Vt = np.linalg.svd(X.T @ Y)
        D = np.eye(3)
        D[2, 2] = np.sign(np.linalg.det(U @ Vt))
        R = U @ D @ Vt
        s = (S * np.diag(D)).sum() / (X ** 2).sum()
        out[i] = np.linalg.norm(s * X @ R - Y, axis=-1).mean()
    return out


def rank_acc(P, X):
    """Separable pairs (|Δz| > 100 mm): share whose order the symmetrised probability gets right."""
    q = (P + 1 - P.transpose(0, 2, 1)) / 2 - 0.5
    dz = X[:, :, None, 2] - X[:, None, :, 2]
    iu = np.triu_indices(J, 1)
    q, dz = q[:, iu[0], iu[1]], dz[:, iu[0], iu[1]]
    sep = np.abs(dz) > TOL_MM
    return float(((np.sign(q) == np.sign(dz)) & sep).sum() / sep.sum())


def rank_acc3(P, X, margin=0.25):
    """Three-class accuracy (behind / ahead / within 100 mm) over all pairs, tie if |q−½| ≤ margin."""
    q = (P + 1 - P.transpose(0, 2, 1)) / 2 - 0.5
    dz = X[:, :, None, 2] - X[:, None, :, 2]
    iu = np.triu_indices(J, 1)
    q, dz = q[:, iu[0], iu[1]], dz[:, iu[0], iu[1]]
    pred = np.where(np.abs(q) > margin, np.sign(q), 0)
    gt = np.where(np.abs(dz) > TOL_MM, np.sign(dz), 0)
    return float((pred == gt).mean())


def run(model, *arrays, bs=4096):
    with torch.no_grad():
        outs = [model(*[t(a[i:i + bs]) for a in arrays]) for i in range(0, len(arrays[0]), bs)]
    if isinstance(outs[0], tuple):
        return tuple(torch.cat([o[k] for o in outs]).numpy() for k in range(len(outs[0])))
    return torch.cat(outs).numpy()


# ---------- skeleton variants ----------

class Variant(nn.Module):
    """A Human3.6M-17 network wrapped for a dataset skeleton: 2D (and ranking) inputs mapped in
    (a Human3.6M joint is NaN — not labelled — when the skeleton lacks it or any joint it is
    derived from is NaN), joints3d / ranking outputs mapped back (joints the skeleton has but
    Human3.6M lacks: NaN in 3D, ½ in ranking)."""

    def __init__(self, core, kind, A_in, A_out):
        super().__init__()
        self.core, self.kind = core, kind
        A_in = np.asarray(A_in, np.float32)
        self.register_buffer('A_in', torch.from_numpy(A_in))
        self.register_buffer('uses', torch.from_numpy((A_in != 0).astype(np.float32)))
        self.register_buffer('absent', torch.from_numpy((np.abs(A_in).sum(1) == 0).astype(np.float32)))
        G = torch.from_numpy(np.array(A_out, np.float32))
        self.register_buffer('G', G)
        miss = (G.abs().sum(1) == 0).float()
        self.register_buffer('nan3', torch.where(miss[:, None] > 0, torch.tensor(float('nan')), torch.tensor(0.0)).expand(-1, 3).contiguous())
        self.register_buffer('tie', 0.5 * torch.clamp(miss[:, None] + miss[None, :], max=1))

    def forward(self, x, r=None):
        nan = torch.isnan(x)
        x0 = torch.where(nan, torch.zeros_like(x), x)
        lost = torch.einsum('hj,bj->bh', self.uses, (nan[..., 0] | nan[..., 1]).float()) + self.absent
        xh = torch.einsum('hj,bjc->bhc', self.A_in, x0)
        xh = torch.where(lost.unsqueeze(-1) > 0, torch.full_like(xh, float('nan')), xh)
        if self.kind == 'lifter':
            return torch.einsum('sh,bhc->bsc', self.G, self.core(xh)) + self.nan3
        if self.kind == 'dpnet':
            rh = torch.clamp(torch.einsum('hi,bij,gj->bhg', self.A_in, r, self.A_in), 0, 1)
            y, _ = self.core(xh, rh)
            return torch.einsum('sh,bhc->bsc', self.G, y) + self.nan3
        if self.kind == 'ranking':
            p = torch.sigmoid(self.core(xh))
            return torch.einsum('sh,bhg,tg->bst', self.G, p, self.G) + self.tie
        return self.core(xh)


def ship(kind, core, maps, metrics, settings, desc, jsd=None):
    out_dir = ROOT
    fixtures = os.path.join(out_dir, 'fixtures')
    os.makedirs(fixtures, exist_ok=True)
    names = {'lifter': 'kp-lifter', 'ranking': 'kp-ranking', 'dpnet': 'kp-dpnet', 'rootbins': 'kp-rootbins'}
    rng = np.random.default_rng(7)
    shipped = []
    exact = None
    if kind in ('lifter', 'dpnet'):
        params = {'unitsPerMm': 0.001, 'rootOmitted': False,
                  'rootFitLogSd': held_out_sd(metrics, 'root_fit_log_sd')}
        # DPNet measured without the ranking net has no exact-2D figures (evaluate): none shipped.
        exact = None if jsd is None else {'rootFitLogSd': round(metrics['clean']['root_fit_log_sd_exact2d'], 4)}
    elif kind == 'ranking':
        params = {'toleranceMm': TOL_MM, 'logits': False}
    else:
        params = {'alpha': ALPHA, 'beta': BETA, 'bins': NB, 'logDepthSd': held_out_sd(metrics, 'log_depth_sd'),
                  'exact2d': {'logDepthSd': round(metrics['clean']['log_depth_sd'], 4)}}
    for s in SKELETONS:
        A_out = np.array(maps[s]['fromH36m'], np.float32)
        Js = A_out.shape[0]
        v = Variant(core, kind, maps[s]['toH36m'], A_out).eval()
        if exact is not None:
            # A skeleton joint made of Human3.6M joints: their spreads as if independent; none
            # where the skeleton's joint has no Human3.6M counterpart (its 3D is NaN).
            sd_s = np.sqrt(np.einsum('sh,h->s', A_out ** 2, jsd ** 2))
            params = {**params, 'exact2d': {**exact, 'jointSdMm': [
                round(float(x), 2) if row.any() else None for x, row in zip(sd_s, A_out)]}}
        name = f'{names[kind]}-{s}'
        onnx_file = f'{name}.onnx'
        # Fixture: 4 people from the test-style generator, in the skeleton's order.
        b = test_set(load(ARGS.data, TEST_SUBJECTS)[:2], 7, (3.0, 0.0))
        uv_h = b[INPUT[kind]]
        fill = np.where(A_out.sum(1, keepdims=True) == 0, 0, 1)  # joints Human3.6M lacks: nose's 2D
        x_s = np.einsum('sh,bhc->bsc', A_out, uv_h) + (1 - fill)[None] * uv_h[:, NOSE:NOSE + 1]
        x_s = x_s.astype(np.float32)
        x_s[1, -1] = np.nan  # an unlabelled joint
        feeds = {'joints2d': x_s}
        args = (t(x_s),)
        if kind == 'dpnet':
            R = np.einsum('sh,bhg,tg->bst', A_out, rank_target(b['X']), A_out).astype(np.float32)
            R = R + 0.5 * np.clip((A_out.sum(1) == 0)[:, None] + (A_out.sum(1) == 0)[None, :], 0, 1)
            feeds['ranking'] = R.astype(np.float32)
            args = (t(x_s), t(feeds['ranking']))
        out_name = {'lifter': 'joints3d', 'dpnet': 'joints3d', 'ranking': 'ranking', 'rootbins': 'depth_logits'}[kind]
        size = export_onnx(v, args, list(feeds), [out_name], os.path.join(out_dir, onnx_file))
        with torch.no_grad():
            expected = v(*args).numpy()
        json.dump({'model': onnx_file,
                   'inputs': {k: {'dims': list(a.shape), 'data': [None if not np.isfinite(x) else float(x) for x in a.ravel()]}
                              for k, a in feeds.items()},
                   'outputs': {out_name: {'dims': list(expected.shape),
                                          'data': [None if not np.isfinite(x) else float(x) for x in expected.ravel()]}}},
                  open(os.path.join(fixtures, f'{name}.json'), 'w'))
        inputs = [{'name': 'joints2d', 'source': 'joints2d', 'normalize': 'pixels' if INPUT[kind] == 'inp' else 'camera'}]
        if kind == 'dpnet':
            inputs.append({'name': 'ranking', 'source': 'ranking'})
        card = {
            'name': name,
            'family': {'lifter': 'lifter', 'dpnet': 'lifter', 'ranking': 'ranking', 'rootbins': 'depthbins'}[kind],
            'model': onnx_file,
            'skeleton': s,
            'inputs': inputs,
            'outputs': [{'name': out_name,
                         'meaning': {'lifter': 'joints3d', 'dpnet': 'joints3d', 'ranking': 'ranking', 'rootbins': 'depth_logits'}[kind],
                         'shape': {'lifter': [Js, 3], 'dpnet': [Js, 3], 'ranking': [Js, Js], 'rootbins': [NB]}[kind]}],
            'params': params,
            'license': 'MIT (weights); training data CMU Graphics Lab motion capture, free for research and commercial use, cite mocap.cs.cmu.edu',
            'provenance': f'trained by models/train/train.py {kind} on {CMU} ({settings}); joint maps for {s}: '
                          + ('; '.join(maps[s]['rules']) or 'none')
                          + '; a Human3.6M input the skeleton lacks, or a joint fed as NaN (not labelled), reaches the network as missing (trained with dropped joints)',
            'description': desc,
            'accuracy': [{'dataset': f'{TEST}, 2D noise {lvl}', 'metric': m, 'value': round(float(v_), 4)}
                         for lvl, ms in metrics.items() for m, v_ in ms.items()],
        }
        json.dump(card, open(os.path.join(out_dir, f'{name}.json'), 'w'), indent=2, ensure_ascii=False)
        open(os.path.join(out_dir, f'{name}.json'), 'a').write('\n')
        shipped.append((onnx_file, size))
        print(f'wrote models/{onnx_file} ({size / 1e6:.2f} MB) and its card', flush=True)
    return shipped


def joint_sd(kind, net, train_poses, rank_model=None):
    """Each joint's spread (mm) in the lifted pose's root-relative error, x and y pooled (the axes
    the root fit's equations read), over 40,000 clean views of the training subjects. Where the 2D
    is exact — labels projected from 3D, as the keypoint pipelines read Human3.6M's or MuPoTS-3D's
    — this error is what is left in the fit's equations, so the fit weighs each joint by its
    inverse square (finalise.ts). The pelvis, 0 by construction, gets the least of the others."""
    rng = np.random.default_rng(11)
    P = train_poses.draw(rng, 40000)
    Xc, uv, f, c = sample_views(P, rng)
    y = lifted(kind, net, views_of(Xc, uv, uv, f, c), rank_model)
    e = (y - y[:, :1]) - (Xc - Xc[:, :1])
    sd = np.sqrt((e[..., :2].astype(np.float64) ** 2).mean((0, 2)))
    sd[PELVIS] = np.delete(sd, PELVIS).min()
    return sd


def lifted(kind, net, ts, rank_model=None):
    """Root-relative 3D (mm): a lifter's, or DPNet's with the ranking net's matrices."""
    if kind == 'lifter':
        return run(net, ts[INPUT[kind]]) * 1000
    P = 1 / (1 + np.exp(-run(rank_model, ts['cam'])))
    return run(net, ts[INPUT[kind]], P)[0] * 1000


def held_out_sd(metrics, key):
    """A root-depth estimate's spread on held-out subject 006 (SD of log(estimate / truth)),
    pooled over the three camera kinds at the validation noise (σ 5 px + 2 % outliers): what the
    app weighs the root-depth bins against a fit of the lifted pose with."""
    sds = [ms[key] for lvl, ms in metrics.items() if lvl.endswith('sigma5_out2')]
    return round(float(np.sqrt(np.mean(np.square(sds)))), 4)


# ---------- per-model recipes ----------

def main():
    kind = ARGS.model
    setup(0)
    train_poses = Poses(load(ARGS.data, TRAIN_SUBJECTS), [a for a in ARGS.ablate.split(',') if a])
    if 'ray' in train_poses.off:  # box-relative pixels and no direction, as before `camera`
        INPUT[kind] = 'inp'
    test_poses = load(ARGS.data, TEST_SUBJECTS)
    vs = test_set(test_poses[::2], 99, NOISE_LEVELS['sigma5_out2'], views=1)
    maps = json.load(open(os.path.join(ARGS.data, 'maps.json')))
    rng = np.random.default_rng(0)
    bs, steps = ARGS.batch, ARGS.steps

    def mk():
        return batch(train_poses, rng, bs)

    if kind == 'lifter':
        core = Lifter(w=ARGS.width or 768, ray=0.0 if 'ray' in train_poses.off else RAY)

        def loss(m, b):
            X = t(b['X'] - b['X'][:, :1]) / 1000
            return F.mse_loss(m(t(b[INPUT[kind]])), X)
    elif kind == 'ranking':
        core = RankNet()

        def loss(m, b):
            return F.binary_cross_entropy_with_logits(m(t(b[INPUT[kind]])), t(rank_target(b['X'])))
    elif kind == 'dpnet':
        core = DPNet(w=ARGS.width or 512)

        def loss(m, b):
            R = corrupt_ranking(b['X'], rng)
            X = b['X'] - b['X'][:, :1]
            y, d = m(t(b[INPUT[kind]]), t(R))
            return F.mse_loss(y, t(X) / 1000) + 0.5 * F.mse_loss(d, t(X[..., 2]) / 1000)
    else:
        core = RootBins(w=ARGS.width or 256)

        def loss(m, b):
            bi = bin_index(b['X'][:, PELVIS, 2], b['f'])
            logits = m(t(b[INPUT[kind]]))
            ce = -(t(soft_two_bin(bi)) * F.log_softmax(logits, 1)).sum(1).mean()
            idx = (F.softmax(logits, 1) * torch.arange(NB, dtype=torch.float32)).sum(1)
            return ce + 0.1 * F.l1_loss(idx, t(np.clip(bi, 0, NB - 1)))

    if ARGS.from_weights:  # measure and ship weights trained before, with their record
        core.load_state_dict(torch.load(os.path.join(ARGS.data, f'{kind}.pt')))
        core.eval()
        before = json.load(open(os.path.join(ARGS.data, f'{kind}-metrics.json')))
        settings, curve = before['settings'], before['curve']
        steps = int(before['command'].split('--steps ')[1].split()[0])
    else:
        secs, curve = train(core, loss, mk, steps, ARGS.lr, lambda m: validate(kind, m, vs),
                            log_every=max(250, steps // 40), name=kind)
        settings = (f'seed 0, {steps} steps of batch {bs}, Adam one-cycle lr {ARGS.lr}, batch norm '
                    f're-estimated over 200 batches, {torch.get_num_threads()} CPU thread(s), '
                    f'{secs / 60:.1f} min')
    print(settings, flush=True)
    # An ablation measures and keeps its weights apart; only the full recipe ships.
    tag = (f'{kind}-without-{ARGS.ablate.replace(",", "-")}' if ARGS.ablate else kind) + (
        f'-w{ARGS.width}' if ARGS.width else '')
    if not ARGS.from_weights:
        torch.save(core.state_dict(), os.path.join(ARGS.data, f'{tag}.pt'))

    # What ships, and so what is measured: the network with test-time flip averaging.
    net = as_shipped(core, kind, train_poses)
    metrics, jsd = evaluate(kind, net, train_poses, test_poses)
    record = {'settings': settings, 'command': f'models/train/train.py {kind} --steps {steps}'
              + (f' --ablate {ARGS.ablate}' if ARGS.ablate else '')
              + (f' --width {ARGS.width}' if ARGS.width else ''),
              'validation': VALIDATION[kind], 'metrics': metrics, 'curve': curve}
    json.dump(record, open(os.path.join(ARGS.data, f'{tag}-metrics.json'), 'w'), indent=1)
    print(json.dumps(metrics, indent=1), flush=True)
    if ARGS.ablate or ARGS.width:
        return
    desc = {
        'lifter': 'Martinez et al. (2017) simple-baseline lifter: 2D joints (the normalised image plane, normalised again in the graph: pelvis-centred, RMS-scaled, with the direction off the optical axis) → root-relative 3D in the camera frame, residual linear blocks with batch norm and dropout.',
        'ranking': 'Keypoint-input depth-ranking net (DRPose3D ranking target and loss, from 2D keypoints rather than pixels): J×J probabilities that joint i is behind joint j (100 mm tolerance).',
        'dpnet': 'DRPose3D DPNet: ranking matrix + 2D → coarse depths (DepthNet) → 3D (PoseNet), two cascaded stages; root-relative.',
        'rootbins': "Keypoint-input variant of HDNet's root-depth head (no image features): 2D joints and their pixel scale → 71 log-spaced bins of d/f (HDNet Eq. 6–8, alpha 0.5, beta 16), trained with soft two-bin cross-entropy + L1 on the soft-argmax index.",
    }[kind] + ('' if 'flip' in train_poses.off else
               ' Averaged with its answer for the same 2D mirrored (test-time flip averaging, in the graph).')
    record['files'] = ship(kind, net, maps, metrics, settings, desc, jsd)
    json.dump(record, open(os.path.join(ARGS.data, f'{kind}-metrics.json'), 'w'), indent=1)
    os.makedirs(os.path.join(ROOT, 'measured', 'training'), exist_ok=True)
    json.dump(record, open(os.path.join(ROOT, 'measured', 'training', f'{kind}.json'), 'w'), indent=1)


# Steps each shipped model trains for: the lifter's and DPNet's validation curves still fell at the end of
# 10,000 steps, the others' had flattened (models/measured/training).
SCHEDULE = {'lifter': 20000, 'ranking': 10000, 'dpnet': 20000, 'rootbins': 10000}

VALIDATION = {
    'lifter': 'MPJPE (mm)', 'dpnet': 'MPJPE with ground-truth ranking (mm)',
    'ranking': 'ranking accuracy, pairs > 100 mm apart', 'rootbins': 'MRPE_z (mm)',
}


def validate(kind, m, vs):
    """The curve's figure: held-out subject 006 (every other frame, one view, σ 5 px + 2 %
    outliers), nothing from the training subjects or from any dataset measured elsewhere."""
    X = vs['X']
    if kind == 'lifter':
        return float(mpjpe(run(m, vs[INPUT[kind]]) * 1000, X).mean())
    if kind == 'dpnet':
        return float(mpjpe(run(m, vs[INPUT[kind]], rank_target(X))[0] * 1000, X).mean())
    if kind == 'ranking':
        return rank_acc(1 / (1 + np.exp(-run(m, vs[INPUT[kind]]))), X)
    return float(np.abs(root_depth(run(m, vs[INPUT[kind]]), vs['f']) - X[:, PELVIS, 2]).mean())


def corrupt_ranking(X, rng):
    """DPNet's training ranking: ground truth, half the time softened (sigmoid of Δz over
    50–200 mm), with a random share (0–15 %) of pairs replaced by a random order."""
    n = len(X)
    dz = X[:, :, None, 2] - X[:, None, :, 2]
    soft = 1 / (1 + np.exp(-dz / rng.uniform(50, 200, (n, 1, 1))))
    R = np.where((rng.uniform(size=n) < 0.5)[:, None, None], soft, rank_target(X))
    flip = rng.uniform(size=(n, J, J)) < rng.uniform(0, 0.15, (n, 1, 1))
    flip = np.triu(flip, 1)
    rnd = rng.choice([0.0, 0.5, 1.0], size=(n, J, J))
    R = np.where(flip, rnd, R)
    iu = np.triu(np.ones((J, J), bool), 1)
    R = np.where(iu[None], R, 1 - R.transpose(0, 2, 1))
    R[:, np.arange(J), np.arange(J)] = 0.5
    return R.astype(np.float32)


def as_shipped(core, kind, poses):
    """Another model's weights as the app runs them (with flip averaging unless measured without)."""
    core.eval()
    return core if 'flip' in poses.off else Flipped(core, kind).eval()


def evaluate(kind, core, train_poses, test_poses):
    """The held-out figures per level, and for a lifter or DPNet its joints' spreads (joint_sd)."""
    out = {}
    # Trivial baselines' statistics from training views.
    tr = batch(train_poses, np.random.default_rng(5), 20000, (0, 0))
    mean_pose = (tr['X'] - tr['X'][:, :1]).mean(0)
    h = tr['box'][:, 3]
    height_prior = float(np.median(tr['X'][:, PELVIS, 2] * h / tr['f']))
    rank_model = None
    if kind == 'dpnet':
        p = os.path.join(ARGS.data, 'ranking.pt')
        for _ in range(ARGS.wait_ranking):  # a ranking training running beside this one
            if os.path.exists(p):
                break
            time.sleep(1)
        if os.path.exists(p):
            rank_model = RankNet()
            rank_model.load_state_dict(torch.load(p))
            rank_model = as_shipped(rank_model, 'ranking', train_poses)
    # Root depth as the app places it (main/inference/finalise.ts): the bins weighed with a fit
    # of the lifter's pose (trainAll.sh trains the lifter first).
    lifter, depths = None, {}
    if kind == 'rootbins' and os.path.exists(os.path.join(ARGS.data, 'lifter.pt')):
        lifter = Lifter()
        lifter.load_state_dict(torch.load(os.path.join(ARGS.data, 'lifter.pt')))
        lifter = as_shipped(lifter, 'lifter', train_poses)
        lifter_sd = joint_sd('lifter', lifter, train_poses)
    jsd = None
    if kind == 'lifter' or (kind == 'dpnet' and rank_model is not None):
        jsd = joint_sd(kind, core, train_poses, rank_model)
    levels = [(lvl, noise, 'sphere') for lvl, noise in NOISE_LEVELS.items()]
    levels += [(f'{cams}_cameras_sigma5_out2', NOISE_LEVELS['sigma5_out2'], cams) for cams in ('h36m', 'photo')]
    for lvl, noise, cams in levels:
        ts = test_set(test_poses, 123, noise, kind=cams)
        X = ts['X']
        m = {}
        if kind in ('lifter', 'dpnet'):
            if kind == 'lifter':
                y = run(core, ts[INPUT[kind]]) * 1000
            else:
                y = run(core, ts[INPUT[kind]], rank_target(X))[0] * 1000
                m['MPJPE_gt_ranking'] = float(mpjpe(y, X).mean())
                m['PA_MPJPE_gt_ranking'] = float(pa_mpjpe(y, X).mean())
                if rank_model is not None:
                    P = 1 / (1 + np.exp(-run(rank_model, ts['cam'])))
                    y = run(core, ts[INPUT[kind]], P)[0] * 1000
            key = '' if kind == 'lifter' else '_pred_ranking'
            if kind == 'lifter' or rank_model is not None:
                m['MPJPE' + key] = float(mpjpe(y, X).mean())
                m['PA_MPJPE' + key] = float(pa_mpjpe(y, X).mean())
            # Root depth from the lifted pose: the translation that reprojects it onto the 2D.
            zf = fit_root(y - y[:, PELVIS:PELVIS + 1], ts['cam'])[:, 2]
            m['MRPE_z_root_fit'] = float(np.abs(zf - X[:, PELVIS, 2]).mean())
            m['root_fit_log_sd'] = float(np.log(zf / X[:, PELVIS, 2]).std())
            if jsd is not None:  # the fit as the app makes it where the 2D is exact
                ze = fit_root(y - y[:, PELVIS:PELVIS + 1], ts['cam'], 1 / jsd ** 2)[:, 2]
                m['MRPE_z_root_fit_exact2d'] = float(np.abs(ze - X[:, PELVIS, 2]).mean())
                m['root_fit_log_sd_exact2d'] = float(np.log(ze / X[:, PELVIS, 2]).std())
            mp = np.repeat(mean_pose[None], len(X), 0)
            m['MPJPE_mean_pose_baseline'] = float(mpjpe(mp, X).mean())
            m['PA_MPJPE_mean_pose_baseline'] = float(pa_mpjpe(mp, X).mean())
        elif kind == 'ranking':
            P = 1 / (1 + np.exp(-run(core, ts[INPUT[kind]])))
            m['ranking_accuracy_separable'] = rank_acc(P, X)
            m['ranking_accuracy_3class'] = rank_acc3(P, X)
            # Baseline: the training set's mean ranking matrix (a view-independent prior).
            Pm = np.repeat(rank_target(tr['X']).mean(0)[None], len(X), 0)
            m['ranking_accuracy_separable_mean_baseline'] = rank_acc(Pm, X)
            m['ranking_accuracy_3class_mean_baseline'] = rank_acc3(Pm, X)
        else:
            d = root_depth(run(core, ts[INPUT[kind]]), ts['f'])
            z = X[:, PELVIS, 2]
            err = np.abs(d - z)
            base = np.abs(ts['f'] * height_prior / ts['box'][:, 3] - z)
            m['MRPE_z'] = float(err.mean())
            m['MRPE_z_box_height_baseline'] = float(base.mean())
            for lo, hi in [(2000, 4000), (4000, 6000), (6000, 9000)]:
                sel = (z >= lo) & (z < hi)
                if not sel.any():
                    continue
                m[f'MRPE_z_{lo // 1000}-{hi // 1000}m'] = float(err[sel].mean())
                m[f'MRPE_z_{lo // 1000}-{hi // 1000}m_box_height_baseline'] = float(base[sel].mean())
            m['relative_depth_error_pct'] = float((err / z).mean() * 100)
            m['log_depth_sd'] = float(np.log(d / z).std())
            if lifter is not None:
                y = run(lifter, ts['cam']) * 1000
                depths[lvl] = (d, fit_root(y, ts['cam'])[:, 2], z, fit_root(y, ts['cam'], 1 / lifter_sd ** 2)[:, 2])
        out[lvl] = m
    if depths:
        sd_bins = held_out_sd(out, 'log_depth_sd')
        sd_fit = held_out_sd({lvl: {'sd': float(np.log(zf / z).std())} for lvl, (_, zf, z, _) in depths.items()}, 'sd')
        w = sd_fit ** 2 / (sd_fit ** 2 + sd_bins ** 2)
        for lvl, (d, zf, z, _) in depths.items():
            fused = np.exp(w * np.log(d) + (1 - w) * np.log(zf))
            out[lvl]['MRPE_z_with_lifter_fit'] = float(np.abs(fused - z).mean())
        # Exact 2D (labels projected from 3D): the fit weighs each joint by its spread, and the
        # two readings are weighed by their spreads on clean 2D (the cards' `exact2d`).
        d, _, z, ze = depths['clean']
        sd_bins, sd_fit = out['clean']['log_depth_sd'], float(np.log(ze / z).std())
        w = sd_fit ** 2 / (sd_fit ** 2 + sd_bins ** 2)
        fused = np.exp(w * np.log(d) + (1 - w) * np.log(ze))
        out['clean']['MRPE_z_with_lifter_fit_exact2d'] = float(np.abs(fused - z).mean())
    return out, jsd


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('model', choices=['lifter', 'ranking', 'dpnet', 'rootbins'])
    ap.add_argument('--data', default='/tmp/posescope-mocap')
    # The shipped weights' schedules (see models/README.md); more steps help all four.
    ap.add_argument('--steps', type=int, default=None, help=f'the shipped schedule: {SCHEDULE}')
    ap.add_argument('--batch', type=int, default=256)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--ablate', default='', help=f'levers to switch off, comma-separated: {",".join(LEVERS)}')
    ap.add_argument('--from-weights', action='store_true',
                    help='measure and ship <data>/<model>.pt as trained before, keeping its settings and curve')
    ap.add_argument('--width', type=int, default=0, help='a trial lifter, DPNet or root-bins width (measured, not shipped)')
    ap.add_argument('--wait-ranking', type=int, default=0, help='seconds to wait for ranking.pt (dpnet)')
    ARGS = ap.parse_args()
    if ARGS.steps is None:
        ARGS.steps = SCHEDULE[ARGS.model]
    main()
