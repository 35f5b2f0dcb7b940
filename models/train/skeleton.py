"""The training skeleton: bone directions from the motion capture, bone lengths from the
published Human3.6M skeleton, varied per training sample.

Why: the CMU files are retargeted to one Character Creator rig, so every subject has the same
bones, and the rig's joints are not Human3.6M's (scripts/models/boneLengths.ts measures it:
Human3.6M's hip joints lie 1.48× further from the pelvis, its shoulders nearer the neck, its
nose and head top much nearer the neck). A lifter trained on one rig learns that rig's
proportions and pays for them on every real subject. So each pose is rebuilt along the
Human3.6M-17 tree: every joint keeps its parent→joint direction from the mocap (the rules of
core/bvh/h36mFromBvh.ts) and gets the published length (h36mSkeleton.json, which names its
source), and training samples scale the bones per sample so that the models learn people, not
one skeleton.
"""
import json
import os

import numpy as np

J_NAMES = ['Pelvis', 'R_Hip', 'R_Knee', 'R_Ankle', 'L_Hip', 'L_Knee', 'L_Ankle', 'Torso', 'Neck',
           'Nose', 'Head', 'L_Shoulder', 'L_Elbow', 'L_Wrist', 'R_Shoulder', 'R_Elbow', 'R_Wrist']
_PUBLISHED = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'h36mSkeleton.json')))
_BONE = {b['joint']: b for b in _PUBLISHED['bones']}
# Human3.6M-17 order: parent of each joint, and the published length of the bone ending at it.
PARENT = [-1] + [J_NAMES.index(_BONE[n]['parent']) for n in J_NAMES[1:]]
H36M_S1_MM = np.array([0.0] + [_BONE[n]['mm'] for n in J_NAMES[1:]], np.float64)
# Bones that vary together (left and right alike): a person is symmetric to first order.
GROUP = np.array([-1, 0, 1, 2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 8, 9])
# Spread of each group's scale (SD): wider where skeletons define the joint differently
# (hip centres, shoulders, the head's points), narrower for long bones between clear joints.
GROUP_SD = np.array([0.15, 0.06, 0.06, 0.08, 0.08, 0.12, 0.12, 0.12, 0.06, 0.06])
MIRROR = [0, 4, 5, 6, 1, 2, 3, 7, 8, 9, 10, 14, 15, 16, 11, 12, 13]


def rebuild(poses, lengths):
    """Poses (N,17,3) rebuilt along the tree with the given bone lengths ((17,) or (N,17)):
    each joint = its parent's new position + the mocap's parent→joint unit direction × length.
    The pelvis stays where it was."""
    P = np.asarray(poses, np.float64)
    L = np.broadcast_to(np.asarray(lengths, np.float64), P.shape[:2])
    out = np.empty_like(P)
    out[:, 0] = P[:, 0]
    for j in range(1, len(PARENT)):
        p = PARENT[j]
        d = P[:, j] - P[:, p]
        n = np.linalg.norm(d, axis=-1, keepdims=True)
        out[:, j] = out[:, p] + d / np.maximum(n, 1e-6) * L[:, j:j + 1]
    return out.astype(np.float32)


def sample_lengths(n, rng):
    """Per-sample bone lengths: the published skeleton × a body scale N(1, 0.06) × a scale per
    bone group (GROUP_SD), each clipped to ±2.5 SD."""
    body = np.clip(rng.normal(1, 0.06, (n, 1)), 0.85, 1.15)
    g = np.clip(rng.normal(0, 1, (n, len(GROUP_SD))), -2.5, 2.5) * GROUP_SD + 1
    per = np.concatenate([np.ones((n, 1)), g[:, GROUP[1:]]], 1)
    return H36M_S1_MM[None] * body * per


def mirror(poses):
    """The same poses reflected in the world's x = 0 plane, left and right swapped (valid once
    the bones are symmetric)."""
    out = poses[:, MIRROR].copy()
    out[..., 0] *= -1
    return out


def crouch_weights(poses):
    """Sampling weight per frame: 4 for frames whose pelvis is lower above the lower ankle than
    70 % of the leg's length (sitting, crouching, kneeling: rare in the mocap, common in
    Human3.6M's sitting actions and in photos), else 1. World Y is up."""
    leg = (np.linalg.norm(poses[:, 2] - poses[:, 1], axis=-1) + np.linalg.norm(poses[:, 3] - poses[:, 2], axis=-1))
    low = poses[:, [3, 6], 1].min(1)
    return np.where(poses[:, 0, 1] - low < 0.7 * leg, 4.0, 1.0)


def _rotate(v, axis, angle):
    """Rodrigues: vectors v (N,3) about unit axes (N,3) by angles (N,)."""
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    return v * c + np.cross(axis, v) * s + axis * (axis * v).sum(1, keepdims=True) * (1 - c)


def sit(poses, rng, share=0.25):
    """Seated poses made from upright ones: the mocap has almost no sitting, which Human3.6M's
    sitting, eating and phoning actions and many photos are full of. For `share` of the poses
    whose thighs both hang within 30° of vertical, each leg turns forward about the hips' axis
    by a hip flexion of 60°–105° (the two legs within ±15° of each other) and the shin back by a
    knee flexion of 50°–120°, so the knees come forward and the feet under them; the torso and
    arms stay the mocap's. World Y is up."""
    P = poses.copy()
    down = np.array([0.0, -1.0, 0.0])
    thigh_r, thigh_l = P[:, 2] - P[:, 1], P[:, 5] - P[:, 4]
    cos = lambda v: (v @ down) / np.linalg.norm(v, axis=-1)
    upright = (cos(thigh_r) > np.cos(np.radians(30))) & (cos(thigh_l) > np.cos(np.radians(30)))
    pick = upright & (rng.uniform(size=len(P)) < share)
    n = int(pick.sum())
    if n == 0:
        return P
    Q = P[pick].astype(np.float64)
    axis = Q[:, 4] - Q[:, 1]
    axis[:, 1] = 0  # keep the turn about a horizontal axis
    axis /= np.maximum(np.linalg.norm(axis, axis=-1, keepdims=True), 1e-6)
    hip = np.radians(rng.uniform(60, 105, n))
    for h, k, a in [(1, 2, 3), (4, 5, 6)]:
        flex = hip + np.radians(rng.uniform(-7.5, 7.5, n))
        knee = np.radians(rng.uniform(50, 120, n))
        thigh, shin = Q[:, k] - Q[:, h], Q[:, a] - Q[:, k]
        Q[:, k] = Q[:, h] + _rotate(thigh, axis, -flex)
        Q[:, a] = Q[:, k] + _rotate(shin, axis, -flex + knee)
    P[pick] = Q.astype(P.dtype)
    return P
