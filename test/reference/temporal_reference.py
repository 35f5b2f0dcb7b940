#!/usr/bin/python3
"""Independent reference for PoseScope's temporal figures (core/metrics/temporal.ts).

Written from the official code, not from PoseScope's TypeScript:
- VideoPose3D common/loss.py mean_velocity_error, and run.py's aggregation: evaluate() weights
  each sequence's value by its frame count (inputs_3d.shape[0] * inputs_3d.shape[1]) and divides
  by the frames of the action; run_evaluation() prints the mean of the actions.
- VIBE lib/utils/eval_utils.py compute_error_accel (HMMR's, with its visibility mask), and
  lib/core/evaluate.py's np.mean over every frame's value.

Reads {"cases": [...], "sets": [...]} as JSON on stdin and writes the figures as JSON on stdout.
test/reference/temporal.test.ts runs it when /usr/bin/python3 has numpy (Debian's python3-numpy)
and feeds the same numbers to PoseScope.
"""
import json
import sys

import numpy as np


def mean_velocity_error(predicted, target):
    assert predicted.shape == target.shape
    velocity_predicted = np.diff(predicted, axis=0)
    velocity_target = np.diff(target, axis=0)
    return np.mean(np.linalg.norm(velocity_predicted - velocity_target, axis=len(target.shape) - 1))


def compute_error_accel(joints_gt, joints_pred, vis=None):
    accel_gt = joints_gt[:-2] - 2 * joints_gt[1:-1] + joints_gt[2:]
    accel_pred = joints_pred[:-2] - 2 * joints_pred[1:-1] + joints_pred[2:]
    normed = np.linalg.norm(accel_pred - accel_gt, axis=2)
    if vis is None:
        new_vis = np.ones(len(normed), dtype=bool)
    else:
        invis = np.logical_not(vis)
        invis1 = np.roll(invis, -1)
        invis2 = np.roll(invis, -2)
        new_invis = np.logical_or(invis, np.logical_or(invis1, invis2))[:-2]
        new_vis = np.logical_not(new_invis)
    return np.mean(normed[new_vis], axis=1)


def videopose3d_mpjve(chains):
    """run.py: per action sum(T * e) / sum(T) over its sequences, then the mean of the actions."""
    actions = {}
    for c in chains:
        pred = np.array(c["pred"], dtype=np.float64)
        gt = np.array(c["gt"], dtype=np.float64)
        a = actions.setdefault(c["group"], [0.0, 0])
        a[0] += pred.shape[0] * mean_velocity_error(pred, gt)
        a[1] += pred.shape[0]
    return float(np.mean([s / n for s, n in actions.values()]))


def vibe_accel(chains):
    """evaluate.py: np.mean over the frames of every sequence."""
    values = [compute_error_accel(np.array(c["gt"], dtype=np.float64),
                                  np.array(c["pred"], dtype=np.float64)) for c in chains]
    return float(np.mean(np.concatenate(values)))


def main():
    data = json.load(sys.stdin)
    cases = []
    for c in data["cases"]:
        pred = np.array(c["pred"], dtype=np.float64)
        gt = np.array(c["gt"], dtype=np.float64)
        vis = np.array(c["vis"], dtype=bool)
        cases.append({
            "mpjve": float(mean_velocity_error(pred, gt)),
            "accel": compute_error_accel(gt, pred).tolist(),
            "accel_vis": compute_error_accel(gt, pred, vis).tolist(),
        })
    sets = [{"MPJVE": videopose3d_mpjve(s), "accel_error": vibe_accel(s)} for s in data["sets"]]
    json.dump({"cases": cases, "sets": sets}, sys.stdout)


if __name__ == "__main__":
    main()
