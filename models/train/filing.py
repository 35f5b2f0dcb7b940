"""The weights issue 25 was filed against and the shipped weights, on the same held-out views.

    /usr/bin/python3 models/train/filing.py [--data /tmp/posescope-mocap] [--commit c6ec127]

The filing's figures for subject 006 were measured on the rig's own skeleton, the only one those
weights knew; the shipped weights are measured on the published Human3.6M skeleton, whose joint
places real datasets use. The two sets of figures therefore differ in what they measure as well
as in the weights. This script measures both sets of weights on the same views under both
skeletons, so that they can be compared on one protocol at a time:
- `published`: today's protocol (`common.test_set`);
- `rig`: the same views of the rig's joints as exported (`published=False`), as the filing measured.

Each set of weights is run as the app ran it at its time. The filing's graphs (taken from git at
--commit) get box-relative pixels, and their root is the bins alone (HDNet's soft-argmax over
d/f in [1, 8]). The shipped ones are measured by `train.evaluate`, as their records are. ONNX
graphs run in Node (scripts/models/runOnnxJobs.ts): Debian has no onnxruntime for Python. This
script writes nothing into models/ and ships nothing.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from functools import partial

import numpy as np
import torch

import common
import train as T
from common import NOISE_LEVELS, PELVIS, TEST_SUBJECTS, TRAIN_SUBJECTS, load, root_depth, setup

APP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The filing's bins (its common.py): 71 log-spaced bins of d/f from 1 to 8.
FILING_BINS, FILING_BETA = 71, 8.0


PROTOCOLS = {'published': common.test_set, 'rig': partial(common.test_set, published=False)}
LEVELS = [(lvl, noise, 'sphere') for lvl, noise in NOISE_LEVELS.items()]
LEVELS += [(f'{cams}_cameras_sigma5_out2', NOISE_LEVELS['sigma5_out2'], cams) for cams in ('h36m', 'photo')]


class Filing:
    """The filing's graphs, run in Node (one process per batch of jobs) on arrays written to a
    scratch folder."""

    def __init__(self, commit, tmp):
        self.tmp, self.models = tmp, {}
        for kind in ('lifter', 'ranking', 'dpnet', 'rootbins'):
            path = os.path.join(tmp, f'{kind}.onnx')
            with open(path, 'wb') as out:
                out.write(subprocess.run(['git', 'show', f'{commit}:models/kp-{kind}-h36m17.onnx'],
                                         cwd=APP, check=True, capture_output=True).stdout)
            self.models[kind] = path
        self.n = 0

    def run(self, jobs):
        """Each job's (kind, inputs: name → float32 array, batch first) first graph output."""
        spec, outs = [], []
        for kind, inputs in jobs:
            self.n += 1
            files = {}
            for name, a in inputs.items():
                f = os.path.join(self.tmp, f'{self.n}-{name}.f32')
                np.ascontiguousarray(a, '<f4').tofile(f)
                files[name] = {'file': f, 'dims': list(a.shape)}
            outs.append(os.path.join(self.tmp, f'{self.n}-out.f32'))
            spec.append({'model': self.models[kind], 'inputs': files, 'output': outs[-1]})
        path = os.path.join(self.tmp, 'jobs.json')
        json.dump(spec, open(path, 'w'))
        subprocess.run(['npx', 'tsx', 'scripts/models/runOnnxJobs.ts', path], cwd=APP, check=True)
        return [np.fromfile(o, '<f4') for o in outs]

    def measure(self, sets):
        """The filing's figures for each set of views: two batches, DPNet after the rankings."""
        first = self.run([(kind, {'joints2d': ts['inp']}) for ts in sets
                          for kind in ('lifter', 'ranking', 'rootbins')])
        rankings = [r.reshape(-1, 17, 17) for r in first[1::3]]
        dpnet = self.run([('dpnet', {'joints2d': ts['inp'], 'ranking': r}) for ts, r in zip(sets, rankings)])
        out = []
        for ts, lifted, logits, dp in zip(sets, first[0::3], first[2::3], dpnet):
            X, z = ts['X'], ts['X'][:, PELVIS, 2]
            lifted, dp = lifted.reshape(-1, 17, 3) * 1000, dp.reshape(-1, 17, 3) * 1000
            d = root_depth(logits.reshape(-1, FILING_BINS).astype(np.float64), ts['f'], 1.0, FILING_BETA)
            out.append({'lifter_MPJPE': float(T.mpjpe(lifted, X).mean()),
                        'lifter_PA_MPJPE': float(T.pa_mpjpe(lifted, X).mean()),
                        'dpnet_MPJPE': float(T.mpjpe(dp, X).mean()),
                        'root_MRPE_z': float(np.abs(d - z).mean())})
        return out


def shipped(data, train_poses, test_poses):
    """The shipped weights' figures under the current T.test_set, as their records measure them."""
    nets = {'lifter': T.Lifter(w=768, ray=T.RAY), 'dpnet': T.DPNet(w=512), 'rootbins': T.RootBins(w=256)}
    out = {}
    for kind, net in nets.items():
        net.load_state_dict(torch.load(os.path.join(data, f'{kind}.pt')))
        out[kind] = T.evaluate(kind, T.as_shipped(net, kind, train_poses), train_poses, test_poses)[0]
    return {lvl: {'lifter_MPJPE': out['lifter'][lvl]['MPJPE'],
                  'lifter_PA_MPJPE': out['lifter'][lvl]['PA_MPJPE'],
                  'dpnet_MPJPE': out['dpnet'][lvl]['MPJPE_pred_ranking'],
                  'root_MRPE_z': out['rootbins'][lvl]['MRPE_z_with_lifter_fit'],
                  # Clean 2D only: the root as placed where the 2D is exact (finalise.ts).
                  'root_MRPE_z_exact2d': out['rootbins'][lvl].get('MRPE_z_with_lifter_fit_exact2d')}
            for lvl, _, _ in LEVELS}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/tmp/posescope-mocap')
    ap.add_argument('--commit', default='c6ec127', help='the commit of the filing-time weights')
    args = ap.parse_args()
    T.ARGS = argparse.Namespace(data=args.data, ablate='', wait_ranking=0)
    setup(0)
    train_poses = T.Poses(load(args.data, TRAIN_SUBJECTS), [])
    test_poses = load(args.data, TEST_SUBJECTS)
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        filing = Filing(args.commit, tmp)
        for protocol, test_set in PROTOCOLS.items():
            T.test_set = test_set  # what train.evaluate builds its views with
            now = shipped(args.data, train_poses, test_poses)
            then = filing.measure([test_set(test_poses, 123, noise, kind=cams) for _, noise, cams in LEVELS])
            for (lvl, _, _), figures in zip(LEVELS, then):
                result[f'{protocol} {lvl}'] = {'filing': figures, 'shipped': now[lvl]}
                print(protocol, lvl, json.dumps(result[f'{protocol} {lvl}']), file=sys.stderr, flush=True)
    json.dump(result, sys.stdout, indent=1)


if __name__ == '__main__':
    main()
