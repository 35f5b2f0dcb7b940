#!/usr/bin/python3
"""Independent reference for PoseScope's protocol figures.

Written from the official scripts' definitions, not from PoseScope's TypeScript:
- cocoapi PythonAPI/pycocotools/cocoeval.py (computeOks, evaluateImg, accumulate, summarize);
- MuPoTS-3D mpii_mupots_multiperson_eval.m with mpii_multiperson_get_identity_matching.m,
  mpii_map_to_gt_bone_lengths.m and mpii_compute_3d_pck.m;
- MPI-INF-3DHP mpii_get_pck_auc_joint_groups.m (14- and 17-joint sets);
- Human3.6M Protocols 1 and 2 (MPJPE; PA-MPJPE with Umeyama's reflection guard);
- RootNet's tool/MuPoTS/calculate_score.py (AP_root, and the recall it ends on as AR_root);
- MMPose PCKAccuracy (bbox, distance < thr, mean of per-joint accuracies) and the evalMPII
  toolkit's PCKh (head size 0.6 x head box diagonal, distance <= thr, pooled groups).

Run: /usr/bin/python3 test/reference/reference_eval.py > test/reference/fixtures.json
(needs Debian's python3-numpy). The cases are built here, deterministically, and written with
the expected figures; test/reference/protocols.test.ts feeds the same cases to PoseScope.
"""
import json
import sys

import numpy as np

# ---------------------------------------------------------------- skeletons (0-based indices)
# MuPoTS-17 order: Head_top, Thorax, R_Shoulder, R_Elbow, R_Wrist, L_Shoulder, L_Elbow, L_Wrist,
# R_Hip, R_Knee, R_Ankle, L_Hip, L_Knee, L_Ankle, Pelvis, Spine, Head.
ROOT = 14
MATCH_JOINTS = list(range(1, 14))  # matching_joints = 2:14 (1-based)
EVAL14 = list(range(0, 14))
PARENT = [1, 15, 1, 2, 3, 1, 5, 6, 14, 8, 9, 14, 11, 12, 14, 14, 1]  # o1 - 1
TRAVERSAL = [15, 1, 0, 16, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]  # safe_traversal_order(2:end) - 1
GROUPS14 = [("Head", [0]), ("Neck", [1]), ("Shou", [2, 5]), ("Elbow", [3, 6]), ("Wrist", [4, 7]),
            ("Hip", [8, 11]), ("Knee", [9, 12]), ("Ankle", [10, 13])]
GROUPS17 = [("Head", [0, 16]), ("Neck", [1]), ("Shou", [2, 5]), ("Elbow", [3, 6]), ("Wrist", [4, 7]),
            ("Hip", [8, 11, 14]), ("Knee", [9, 12]), ("Ankle", [10, 13]), ("Spine", [15])]
THRESHOLDS = np.arange(0, 151, 5)  # 0:5:150

COCO_SIGMAS = np.array([.26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07,
                        .87, .87, .89, .89]) / 10.0
# COCO-17: nose, eyes, ears, shoulders (5, 6), elbows (7, 8), wrists (9, 10), hips (11, 12),
# knees (13, 14), ankles (15, 16). MPII's Head joints (upper neck, head top) do not exist.
PCKH_GROUPS = [("Shoulder", [5, 6]), ("Elbow", [7, 8]), ("Wrist", [9, 10]), ("Hip", [11, 12]),
               ("Knee", [13, 14]), ("Ankle", [15, 16])]
PCKH_UBODY = [5, 6, 7, 8, 9, 10]


def natural_key(s):
    import re
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


# ---------------------------------------------------------------- 3D protocols
def identity_matching(gts2d, preds2d, thr=40.0):
    """Each annotated person in order takes the unused prediction with the most matching
    joints (|dx| < thr and |dy| < thr), the first on a tie, if it has any."""
    used = [False] * len(preds2d)
    out = []
    for g in gts2d:
        if g is None:
            out.append(-1)
            continue
        scores = np.zeros(len(preds2d))
        for k, p in enumerate(preds2d):
            if used[k]:
                continue
            d = np.abs(g[MATCH_JOINTS] - p[MATCH_JOINTS])
            vis = ~((p[MATCH_JOINTS, 0] == 0) & (p[MATCH_JOINTS, 1] == 0))
            scores[k] = np.sum((d[:, 0] < thr) & (d[:, 1] < thr) & vis)
        if len(preds2d) > 0 and np.max(scores) > 0:
            k = int(np.argmax(scores))  # first index of the maximum, as MATLAB's max
            used[k] = True
            out.append(k)
        else:
            out.append(-1)
    return out


def map_bone_lengths(pred, gt):
    mapped = pred.copy()
    for j in TRAVERSAL:
        p = PARENT[j]
        vec = pred[j] - pred[p]
        vec = vec / np.linalg.norm(vec) * np.linalg.norm(gt[j] - gt[p])
        mapped[j] = mapped[p] + vec
    return mapped


def pck_auc(errors):
    e = np.asarray(errors, dtype=float)
    if e.size == 0:
        return None, None
    curve = [100.0 * np.mean(e < t) for t in THRESHOLDS]
    return 100.0 * np.mean(e < 150), float(np.mean(curve))


def umeyama_errors(pred, gt):
    mu_p, mu_g = pred.mean(0), gt.mean(0)
    x, y = pred - mu_p, gt - mu_g
    cov = y.T @ x / len(pred)
    U, D, Vt = np.linalg.svd(cov)
    S = np.eye(3)
    if np.linalg.det(U) * np.linalg.det(Vt) < 0:
        S[2, 2] = -1
    R = U @ S @ Vt
    s = np.trace(np.diag(D) @ S) / (np.sum(x * x) / len(pred))
    aligned = (s * (R @ pred.T)).T + (mu_g - s * R @ mu_p)
    return np.linalg.norm(aligned - gt, axis=1)


def root_ap(frames, thr):
    """RootNet's tool/MuPoTS/calculate_score.py: detections of the whole set by descending score
    (a stable sort of the file's order), each taking its image's nearest valid root; a true
    positive when under thr and not yet taken; AP summed from the second detection on."""
    dets = [(fi, np.array(q["joints_cam"])[ROOT], q["score"])
            for fi, f in enumerate(frames) for q in f["preds"]]
    dets.sort(reverse=True, key=lambda d: d[2])
    gt_num = sum(1 for f in frames for p in f["people"] if p.get("valid", True))
    taken = {}
    tp = fp = 0
    precision, recall = [], []
    for fi, root, _ in dets:
        people = frames[fi]["people"]
        if not any(p.get("valid", True) for p in people):
            continue
        taken.setdefault(fi, [0] * len(people))
        min_dist, best = 9999, -1
        for k, p in enumerate(people):
            if not p.get("valid", True):
                continue
            d = np.sqrt(np.sum((root - np.array(p["cam"])[ROOT]) ** 2))
            if min_dist > d:
                min_dist, best = d, k
        hit = best != -1 and min_dist < thr and taken[fi][best] == 0
        if hit:
            taken[fi][best] = 1
            tp += 1
        else:
            fp += 1
        precision.append(tp / (tp + fp))
        recall.append(tp / gt_num)
    ap = sum(precision[n + 1] * (recall[n + 1] - recall[n]) for n in range(len(precision) - 1))
    return 100.0 * ap, 100.0 * recall[-1]


def eval_3d(frames):
    seqs = {}
    p1, p2 = [], []
    groups_p1, groups_p2 = {}, {}
    rel_all_joints = []
    g14 = {name: [] for name, _ in GROUPS14}
    g17 = {name: [] for name, _ in GROUPS17}
    seq17 = {}
    for f in frames:
        gts = [(np.array(p["cam"]), np.array(p["img"])) if p.get("valid", True) else None
               for p in f["people"]]
        preds = [(np.array(q["joints_cam"]), np.array(q["joints_img"])) for q in f["preds"]]
        match = identity_matching([g[1] if g is not None else None for g in gts],
                                  [q[1] for q in preds])
        s = seqs.setdefault(f["group"], {"rel": [], "abs": [], "annotated": 0, "matched": 0,
                                         "missed_joints": 0})
        for gi, g in enumerate(gts):
            if g is None:
                continue
            s["annotated"] += 1
            k = match[gi]
            if k < 0:
                s["missed_joints"] += len(EVAL14)
                continue
            s["matched"] += 1
            cam, _ = g
            pcam = preds[k][0]
            mapped = map_bone_lengths(pcam, cam)
            rel = np.linalg.norm((mapped - mapped[ROOT]) - (cam - cam[ROOT]), axis=1)
            ab = np.linalg.norm(mapped - cam, axis=1)
            s["rel"].extend(rel[EVAL14])
            s["abs"].extend(ab[EVAL14])
            # Protocols 1 and 2, MPI-INF-3DHP: root-relative, no rescaling.
            err = np.linalg.norm((pcam - pcam[ROOT]) - (cam - cam[ROOT]), axis=1)
            p1.append(err.mean())
            groups_p1.setdefault(f["group"], []).append(err.mean())
            pa = umeyama_errors(pcam, cam).mean()
            p2.append(pa)
            groups_p2.setdefault(f["group"], []).append(pa)
            rel_all_joints.extend(err)
            for name, js in GROUPS14:
                g14[name].extend(err[js])
            for name, js in GROUPS17:
                g17[name].extend(err[js])
            q = seq17.setdefault(f["group"], {"err": [], "mpjpe": []})
            q["err"].extend(err[[j for _, js in GROUPS17 for j in js]])
            q["mpjpe"].append(err.mean())

    def h36m(values, groups):
        rows = {g: [float(np.mean(v)), len(v)] for g, v in groups.items()}
        return {"figures": [float(np.mean(values)), float(np.mean([r[0] for r in rows.values()]))],
                "rows": rows}

    mup_rows = {}
    for name in sorted(seqs, key=natural_key):
        s = seqs[name]
        rel_all = list(s["rel"]) + [np.inf] * s["missed_joints"]
        abs_all = list(s["abs"]) + [np.inf] * s["missed_joints"]
        pra, ara = pck_auc(rel_all)
        prd, ard = pck_auc(s["rel"])
        paa, aaa = pck_auc(abs_all)
        pad, aad = pck_auc(s["abs"])
        mup_rows[name] = [pra, prd, ara, ard, paa, pad, aaa, aad, s["annotated"], s["matched"]]

    def avg(k):
        xs = [r[k] for r in mup_rows.values() if r[k] is not None]
        return float(np.mean(xs)) if xs else None

    mup_avg = [avg(k) for k in range(8)] + [sum(r[8] for r in mup_rows.values()),
                                             sum(r[9] for r in mup_rows.values())]

    def set_rows(groups):
        rows = {name: list(pck_auc(v)) for name, v in groups.items()}
        rows["Total"] = list(pck_auc([e for v in groups.values() for e in v]))
        return rows

    rows14, rows17 = set_rows(g14), set_rows(g17)
    pck_rel, auc_rel = pck_auc(rel_all_joints)
    return {
        "h36m-p1": h36m(p1, groups_p1),
        "h36m-p2": h36m(p2, groups_p2),
        "mupots": {
            "figures": {"PCK3D_rel_all": mup_avg[0], "PCK3D_rel_matched": mup_avg[1],
                        "AUC_rel_all": mup_avg[2], "AUC_rel_matched": mup_avg[3],
                        "PCK3D_abs_all": mup_avg[4], "PCK3D_abs_matched": mup_avg[5]},
            "rows": {**mup_rows, "Avg": mup_avg},
        },
        "3dhp": {
            "figures": {"PCK3D_14": rows14["Total"][0], "AUC_14": rows14["Total"][1],
                        "PCK3D_17": rows17["Total"][0], "AUC_17": rows17["Total"][1]},
            "tables": [rows14, rows17,
                       {g: [*pck_auc(q["err"]), float(np.mean(q["mpjpe"]))]
                        for g, q in seq17.items()}],
        },
        "default": {"MPJPE": float(np.mean(p1)), "PA_MPJPE": float(np.mean(p2)),
                    "PCK3D_rel": pck_rel, "AUC_rel": auc_rel, "PCK3D_abs": mup_avg[5],
                    "matched": int(sum(r[9] for r in mup_rows.values())),
                    "instances": int(sum(r[8] for r in mup_rows.values())),
                    **{f"{kind}_root_{cm}": root_ap(frames, 10 * cm)[k]
                       for cm in (25, 20, 15, 10) for k, kind in enumerate(("AP", "AR"))}},
    }


# ---------------------------------------------------------------- COCO and 2D PCK
def compute_oks(dt, gt):
    vars_ = (COCO_SIGMAS * 2) ** 2
    g = np.array(gt["keypoints"], dtype=float)
    xg, yg, vg = g[0::3], g[1::3], g[2::3]
    k1 = np.count_nonzero(vg > 0)
    bb = gt["bbox"]
    x0, x1 = bb[0] - bb[2], bb[0] + bb[2] * 2
    y0, y1 = bb[1] - bb[3], bb[1] + bb[3] * 2
    d = np.array(dt["keypoints"], dtype=float)
    xd, yd = d[0::3], d[1::3]
    if k1 > 0:
        dx, dy = xd - xg, yd - yg
    else:
        z = np.zeros(len(COCO_SIGMAS))
        dx = np.max((z, x0 - xd), axis=0) + np.max((z, xd - x1), axis=0)
        dy = np.max((z, y0 - yd), axis=0) + np.max((z, yd - y1), axis=0)
    e = (dx ** 2 + dy ** 2) / vars_ / (gt["area"] + np.spacing(1)) / 2
    if k1 > 0:
        e = e[vg > 0]
    return np.sum(np.exp(-e)) / e.shape[0]


def gt_ignore(g):
    return bool(g["iscrowd"]) or g["num_keypoints"] == 0


def evaluate_img(dts, gts, thr, area_rng, max_det, taken=(), skip=()):
    """cocoeval.evaluateImg at one threshold: returns (order, matched gt or -1, dt ignored,
    number of counted gts)."""
    g_ig = [gt_ignore(g) or g["area"] < area_rng[0] or g["area"] > area_rng[1] for g in gts]
    gind = np.argsort(np.array(g_ig, dtype=int), kind="mergesort")
    cand = [i for i in range(len(dts)) if i not in skip]
    dind = sorted(cand, key=lambda i: -dts[i]["score"])  # Python's sort is stable
    dind = dind[:max_det]
    gtm = {g: True for g in taken}
    matched, ignored = [], []
    for d in dind:
        iou = min([thr, 1 - 1e-10])
        m = -1
        for g in gind:
            if gtm.get(g) and not gts[g]["iscrowd"]:
                continue
            if m > -1 and not g_ig[m] and g_ig[g]:
                break
            o = compute_oks(dts[d], gts[g])
            if o < iou:
                continue
            iou, m = o, g
        matched.append(m)
        if m > -1:
            gtm[m] = True
            ignored.append(g_ig[m])
        else:
            kp = np.array(dts[d]["keypoints"], dtype=float)
            area = (kp[0::3].max() - kp[0::3].min()) * (kp[1::3].max() - kp[1::3].min())
            ignored.append(area < area_rng[0] or area > area_rng[1])
    return dind, matched, ignored, int(np.sum(~np.array(g_ig, dtype=bool)))


def coco_stats(images):
    iou_thrs = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
    rec_thrs = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
    ranges = {"all": [0 ** 2, 1e5 ** 2], "medium": [32 ** 2, 96 ** 2], "large": [96 ** 2, 1e5 ** 2]}
    out = {}
    for rname, rng in ranges.items():
        precs, recs = [], []
        for t in iou_thrs:
            scores, tps, fps, npig = [], [], [], 0
            for im in images:
                order, matched, ignored, counted = evaluate_img(im["dts"], im["gts"], t, rng, 20)
                npig += counted
                for d, m, ig in zip(order, matched, ignored):
                    if ig:
                        continue
                    scores.append(im["dts"][d]["score"])
                    tps.append(m > -1)
                    fps.append(m == -1)
            if npig == 0:
                precs.append(None)
                recs.append(None)
                continue
            inds = np.argsort(-np.array(scores), kind="mergesort")
            tp = np.cumsum(np.array(tps, dtype=float)[inds])
            fp = np.cumsum(np.array(fps, dtype=float)[inds])
            rc = tp / npig
            pr = (tp / (fp + tp + np.spacing(1))).tolist()
            recs.append(rc[-1] if len(rc) else 0)
            for i in range(len(pr) - 1, 0, -1):
                if pr[i] > pr[i - 1]:
                    pr[i - 1] = pr[i]
            q = np.zeros(len(rec_thrs))
            idx = np.searchsorted(rc, rec_thrs, side="left")
            for ri, pi in enumerate(idx):
                if pi < len(pr):
                    q[ri] = pr[pi]
            precs.append(q)
        out[rname] = (precs, recs)

    def ap(rname, t=None):
        precs = out[rname][0]
        sel = [p for i, p in enumerate(precs) if t is None or i == t]
        if any(p is None for p in sel):
            return None
        return 100.0 * float(np.mean(np.concatenate(sel)))

    def ar(rname, t=None):
        recs = out[rname][1]
        sel = [r for i, r in enumerate(recs) if t is None or i == t]
        if any(r is None for r in sel):
            return None
        return 100.0 * float(np.mean(sel))

    return {"AP": ap("all"), "AP50": ap("all", 0), "AP75": ap("all", 5), "APm": ap("medium"),
            "APl": ap("large"), "AR": ar("all"), "AR50": ar("all", 0), "AR75": ar("all", 5),
            "ARm": ar("medium"), "ARl": ar("large")}


def eval_2d(images):
    """Per-person pairing: a prediction made from a person's box (ann_id) is that person's;
    the rest as evaluateImg at OKS 0.5, every detection, nothing paired with ignored people."""
    pck_hits = np.zeros(17)
    pck_n = np.zeros(17)
    pckh_hits = np.zeros(17)
    pckh_n = np.zeros(17)
    oks_sum, oks_n, matched, instances, with_head = 0.0, 0, 0, 0, 0
    for im in images:
        gts, dts = im["gts"], im["dts"]
        instances += sum(1 for g in gts if not gt_ignore(g))
        pair = [-1] * len(dts)
        ids = {g["id"]: i for i, g in enumerate(gts)}
        taken = set()
        for k, d in enumerate(dts):
            j = ids.get(d.get("ann_id"))
            if j is not None and j not in taken and not gt_ignore(gts[j]):
                pair[k] = j
                taken.add(j)
        skip = {k for k in range(len(dts)) if pair[k] >= 0}
        order, m, _, _ = evaluate_img(dts, gts, 0.5, [0, 1e10], 10 ** 9, taken, skip)
        for d, g in zip(order, m):
            if g > -1 and not gt_ignore(gts[g]):
                pair[d] = g
        for k, j in enumerate(pair):
            if j < 0:
                continue
            g, d = gts[j], dts[k]
            matched += 1
            gk = np.array(g["keypoints"], dtype=float).reshape(-1, 3)
            dk = np.array(d["keypoints"], dtype=float).reshape(-1, 3)
            vis = gk[:, 2] > 0
            o = compute_oks(d, g)
            oks_sum += o
            oks_n += 1
            dist = np.linalg.norm(dk[:, :2] - gk[:, :2], axis=1)
            thr = 0.2 * max(g["bbox"][2], g["bbox"][3])
            pck_hits += (dist < thr) & vis
            pck_n += vis
            if "head_box" in g:
                hb = g["head_box"]
                head = 0.6 * np.linalg.norm([hb[2] - hb[0], hb[3] - hb[1]])
                with_head += 1
                pckh_hits += (dist <= 0.5 * head) & vis
                pckh_n += vis
        # evalMPII scores every labelled person: one without a prediction has NaN distances,
        # never <= the threshold, so each of its labelled joints is a miss.
        paired = set(pair)
        for j, g in enumerate(gts):
            if j in paired or gt_ignore(g) or "head_box" not in g:
                continue
            with_head += 1
            pckh_n += np.array(g["keypoints"], dtype=float).reshape(-1, 3)[:, 2] > 0
    acc = [pck_hits[j] / pck_n[j] for j in range(17) if pck_n[j] > 0]

    def pooled(js):
        n = pckh_n[js].sum()
        return 100.0 * pckh_hits[js].sum() / n if n > 0 else None

    total_js = [j for _, js in PCKH_GROUPS for j in js]
    pckh = None
    if with_head > 0:
        pckh = {"rows": {**{name: [pooled(js)] for name, js in PCKH_GROUPS},
                         "UBody": [pooled(PCKH_UBODY)], "Total": [pooled(total_js)]},
                "PCKh": pooled(total_js), "people": with_head}
    return {
        "coco": coco_stats(images),
        "pckh": pckh,
        "default": {"PCK2D": 100.0 * float(np.mean(acc)) if acc else None,
                    "mean_OKS": oks_sum / oks_n if oks_n else None,
                    "matched": matched, "instances": instances},
    }


# ---------------------------------------------------------------- cases
def mupots_person(rng, x, z):
    """A standing person in MuPoTS-17 order, in camera space (mm), pelvis at (x, 0, z)."""
    offsets = np.array([
        [0, -780, 0], [0, -520, 0], [-180, -500, 0], [-260, -260, 30], [-280, -20, 60],
        [180, -500, 0], [260, -260, 30], [280, -20, 60], [-100, 0, 0], [-110, 430, 20],
        [-115, 850, 0], [100, 0, 0], [110, 430, 20], [115, 850, 0], [0, 0, 0], [0, -260, 0],
        [0, -680, 20]], dtype=float)
    offsets += rng.normal(0, 25, offsets.shape)
    offsets[ROOT] = 0
    return offsets + np.array([x, 0, z])


def project(cam, f=1500.0, c=1024.0):
    return np.stack([f * cam[:, 0] / cam[:, 2] + c, f * cam[:, 1] / cam[:, 2] + c], axis=1)


def person_json(cam, valid=True):
    return {"cam": cam.tolist(), "img": project(cam).tolist(), "valid": valid}


def pred_json(cam, score):
    return {"joints_cam": cam.tolist(), "joints_img": project(cam).tolist(), "score": score}


def cases_3d():
    rng = np.random.default_rng(17)
    frames = []
    for seq in ["TS1", "TS2", "TS10"]:
        for _ in range(6):
            n = int(rng.integers(1, 4))
            people = [mupots_person(rng, -900 + 900 * i + rng.normal(0, 80), 4000 + 600 * i)
                      for i in range(n)]
            preds = []
            for i, p in enumerate(people):
                if rng.random() < 0.2:
                    continue  # a missed person
                noise = rng.normal(0, rng.choice([20.0, 60.0, 110.0]), p.shape)
                preds.append(pred_json(p + noise + np.array([0, 0, rng.normal(0, 150)]), 0.9 - 0.1 * i))
            if rng.random() < 0.3:  # a junk detection with a high score, far from everyone
                preds.append(pred_json(mupots_person(rng, 2600, 9000), 0.99))
            rng.shuffle(preds)
            frames.append({"group": seq, "people": [person_json(p) for p in people],
                           "preds": preds})
    # A mirrored person: left and right swapped in depth (x -> -x about the pelvis).
    p = mupots_person(rng, 0, 5000)
    mirrored = p.copy()
    mirrored[:, 0] = 2 * p[ROOT, 0] - p[:, 0]
    frames.append({"group": "TS2", "people": [person_json(p)], "preds": [pred_json(mirrored, 0.8)]})
    # An annotated person who is not valid (isValidFrame false): neither counted nor missed.
    q = mupots_person(rng, 300, 4500)
    frames.append({"group": "TS1", "people": [person_json(q, valid=False), person_json(p)],
                   "preds": [pred_json(p + 10.0, 0.7)]})
    # Errors of exactly the threshold (integer coordinates: 150 mm, a miss) and just under it.
    base = np.round(mupots_person(rng, 0, 6000))
    exact = base.copy()
    exact[4] += [150, 0, 0]
    exact[7] += [0, 149, 0]
    frames.append({"group": "TS10", "people": [person_json(base)], "preds": [pred_json(exact, 0.6)]})
    return [{"name": "mupots-scenes", "format": "mupots", "skeleton": "mupots17", "frames": frames}]


def coco_person(rng, x, y, s, pid, vis_rate=0.8):
    layout = np.array([[0, -70], [-6, -76], [6, -76], [-14, -72], [14, -72], [-30, -45],
                       [30, -45], [-38, -10], [38, -10], [-40, 20], [40, 20], [-18, 25],
                       [18, 25], [-20, 70], [20, 70], [-20, 115], [20, 115]], dtype=float)
    pts = layout * s + np.array([x, y]) + rng.normal(0, 2 * s, layout.shape)
    v = np.where(rng.random(17) < vis_rate, 2, 0)
    kp = np.concatenate([pts, v[:, None]], axis=1)
    kp[v == 0, :2] = 0
    bbox = [float(pts[:, 0].min()), float(pts[:, 1].min()),
            float(np.ptp(pts[:, 0])), float(np.ptp(pts[:, 1]))]
    return {"id": str(pid), "keypoints": kp.flatten().tolist(), "num_keypoints": int((v > 0).sum()),
            "area": float(bbox[2] * bbox[3] * 0.7), "bbox": bbox, "iscrowd": 0}, pts


def det_from(rng, pts, score, noise, ann_id=None):
    d = pts + rng.normal(0, noise, pts.shape)
    kp = np.concatenate([d, np.ones((17, 1))], axis=1).flatten().tolist()
    out = {"keypoints": kp, "score": float(score)}
    if ann_id is not None:
        out["ann_id"] = ann_id
    return out


def cases_2d():
    rng = np.random.default_rng(2017)
    images = []
    pid = 1
    for k in range(14):
        gts, dts = [], []
        for i in range(int(rng.integers(1, 4))):
            scale = float(rng.choice([0.35, 0.8, 1.6]))
            g, pts = coco_person(rng, 150 + 220 * i, 200, scale, pid)
            pid += 1
            if k % 3 == 0:
                g["head_box"] = [float(pts[0, 0] - 12 * scale), float(pts[0, 1] - 16 * scale),
                                 float(pts[0, 0] + 12 * scale), float(pts[0, 1] + 14 * scale)]
            gts.append(g)
            if rng.random() < 0.85:
                dts.append(det_from(rng, pts, rng.uniform(0.3, 0.95), float(rng.choice([1, 4, 9, 25])) * scale))
        if k % 4 == 1:  # a junk detection with a high score
            junk = np.array([[600.0 + 5 * j, 40.0 + 3 * j] for j in range(17)])
            dts.append(det_from(rng, junk, 0.99, 0.5))
        if k % 5 == 2:  # a crowd region with a detection on it
            gts.append({"id": str(pid), "keypoints": [0] * 51, "num_keypoints": 0, "area": 9000.0,
                        "bbox": [700.0, 150.0, 90.0, 120.0], "iscrowd": 1})
            pid += 1
            crowd = np.array([[720.0 + 3 * j, 170.0 + 5 * j] for j in range(17)])
            dts.append(det_from(rng, crowd, 0.8, 1.0))
        if k % 6 == 3:  # a person with no labelled joint: ignored, absorbs a detection
            g, pts = coco_person(rng, 900, 300, 0.8, pid, vis_rate=0.0)
            pid += 1
            gts.append(g)
            # made from the unlabelled person's own box: still paired with nobody
            dts.append(det_from(rng, pts, 0.7, 3.0, g["id"]))
        images.append({"gts": gts, "dts": dts})
    # Two people whose top-down predictions each came from their own box, but whose keypoints
    # sit nearer the other person: pairing by ann_id keeps them apart.
    a, pa = coco_person(rng, 300, 300, 1.0, pid)
    b, pb = coco_person(rng, 345, 305, 1.0, pid + 1)
    pid += 2
    images.append({"gts": [a, b], "dts": [det_from(rng, pb, 0.9, 1.0, a["id"]),
                                           det_from(rng, pa, 0.8, 1.0, b["id"])]})
    # A junk prediction outscoring the real one for an image's only person.
    c, pc = coco_person(rng, 400, 260, 1.2, pid)
    pid += 1
    far = pc + np.array([90.0, 0.0])
    images.append({"gts": [c], "dts": [det_from(rng, far, 0.95, 1.0), det_from(rng, pc, 0.5, 2.0)]})
    # A prediction just under the pairing threshold (OKS about 0.45) with the higher score: it
    # must not take the person from the good one below it.
    e, pe = coco_person(rng, 500, 260, 1.0, pid)
    pid += 1
    shift = 0.0
    while compute_oks(det_from(np.random.default_rng(0), pe + [shift, 0.0], 1, 0.0), e) > 0.45:
        shift += 0.25
    images.append({"gts": [e], "dts": [det_from(rng, pe + [shift, 0.0], 0.9, 0.0),
                                       det_from(rng, pe, 0.6, 1.5)]})
    return [{"name": "coco-scenes", "format": "coco", "skeleton": "coco17", "images": images}]


def shared_data_dir():
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("POSESCOPE_SHARED_DATA",
                          os.path.join(here, "..", "..", "..", "shared", "data"))


def coco_results_case():
    """A COCO keypoint results file (cocoapi's loadRes layout: image_id, category_id,
    keypoints [x, y, score] * 17, score, bbox) made up from the shared COCO sample's labels, and
    the ten figures cocoapi gives it against that file. Returns None without the sample."""
    import os
    gt_file = os.path.join(shared_data_dir(), "coco-sample", "test_coco.json")
    if not os.path.exists(gt_file):
        return None
    with open(gt_file) as f:
        gt = json.load(f)
    rng = np.random.default_rng(785)
    anns = {}
    for a in gt["annotations"]:
        anns.setdefault(a["image_id"], []).append(a)
    img_ids = sorted(i["id"] for i in gt["images"])  # cocoapi: params.imgIds sorted

    def result(image_id, pts, score, bbox=None, category=1):
        kp = np.concatenate([np.round(pts, 2), np.round(rng.uniform(0.05, 1.0, (17, 1)), 3)], axis=1)
        r = {"image_id": image_id, "category_id": category, "keypoints": kp.flatten().tolist(),
             "score": round(float(score), 6)}
        if bbox is not None:
            r["bbox"] = [round(float(v), 2) for v in bbox]
        return r

    results = []
    for image_id in img_ids:
        for a in anns.get(image_id, []):
            g = np.array(a["keypoints"], dtype=float).reshape(17, 3)
            bx, by, bw, bh = a["bbox"]
            centre = np.array([bx + bw / 2, by + bh / 2])
            # Joints the label lacks (0, 0, 0) get a guess inside the box, as a model would.
            pts = np.where(g[:, 2:3] > 0, g[:, :2], centre + rng.normal(0, 0.2, (17, 2)) * [bw, bh])
            if rng.random() < 0.15:
                continue  # a missed person
            noise = float(rng.choice([0.01, 0.03, 0.08, 0.2])) * np.sqrt(a["area"] + 1.0)
            box = [bx + rng.normal(0, 3), by + rng.normal(0, 3), bw, bh]
            results.append(result(image_id, pts + rng.normal(0, noise, (17, 2)),
                                  rng.uniform(0.3, 0.99), box if rng.random() < 0.7 else None))
            if rng.random() < 0.3:  # a duplicate of the same person, lower score, further off
                results.append(result(image_id, pts + rng.normal(0, 2 * noise + 4, (17, 2)),
                                      rng.uniform(0.05, 0.3)))
        # A junk detection with a high score, away from everyone.
        junk = np.array([[20.0 + 4 * j, 400.0 - 2 * j] for j in range(17)])
        results.append(result(image_id, junk + rng.normal(0, 1, (17, 2)), rng.uniform(0.9, 0.99)))
    # An image with more than cocoapi's maxDets (20) detections: only the 20 best count.
    for _ in range(22):
        pts = rng.uniform([0, 0], [600, 400], (17, 2))
        results.append(result(197388, pts, rng.uniform(0.01, 0.2)))
    # A detection of another category: cocoapi evaluates the person category only.
    results.append(result(785, np.full((17, 2), 300.0), 0.999, category=2))
    rng.shuffle(results)

    images = []
    for image_id in img_ids:
        gts = [{"id": str(a["id"]), "keypoints": a["keypoints"], "area": a["area"],
                "bbox": a["bbox"], "iscrowd": a["iscrowd"], "num_keypoints": a["num_keypoints"]}
               for a in anns.get(image_id, [])]
        dts = [r for r in results if r["image_id"] == image_id and r["category_id"] == 1]
        images.append({"gts": gts, "dts": dts})
    return {"name": "coco-sample-results", "format": "coco-results", "sample": "coco-sample",
            "results": results, "expected": {"coco": coco_stats(images)}}


def main():
    out = {"generator": "test/reference/reference_eval.py", "cases": []}
    for c in cases_3d():
        out["cases"].append({**c, "expected": eval_3d(c["frames"])})
    for c in cases_2d():
        out["cases"].append({**c, "expected": eval_2d(c["images"])})
    c = coco_results_case()
    if c is not None:
        out["cases"].append(c)
    json.dump(out, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
