"""Prints the held-out (subject 006) figures of the trained keypoint models as a Markdown table.

    /usr/bin/python3 models/train/report.py [--data /tmp/posescope-mocap]
"""
import argparse
import json
import os

LEVELS = [('clean', 'clean 2D'), ('sigma5_out2', 'σ 5 px, 2 % outliers'), ('sigma10_out5', 'σ 10 px, 5 % outliers'),
          ('h36m_cameras_sigma5_out2', 'Human3.6M-like cameras, σ 5 px, 2 %'),
          ('photo_cameras_sigma5_out2', 'handheld-photo cameras, σ 5 px, 2 %')]
ROWS = [
    ('lifter', 'MPJPE', 'Lifter MPJPE (mm)'),
    ('lifter', 'PA_MPJPE', 'Lifter PA-MPJPE (mm)'),
    ('lifter', 'MPJPE_mean_pose_baseline', 'baseline: mean pose, MPJPE (mm)'),
    ('lifter', 'PA_MPJPE_mean_pose_baseline', 'baseline: mean pose, PA-MPJPE (mm)'),
    ('lifter', 'MRPE_z_root_fit', 'Root depth MRPE_z, fit of the lifter pose to the 2D (mm)'),
    ('lifter', 'MRPE_z_root_fit_exact2d', '  the same, joints weighed by their spreads (as on exact 2D) (mm)'),
    ('dpnet', 'MPJPE_pred_ranking', 'DPNet MPJPE, predicted ranking (mm)'),
    ('dpnet', 'PA_MPJPE_pred_ranking', 'DPNet PA-MPJPE, predicted ranking (mm)'),
    ('dpnet', 'MPJPE_gt_ranking', 'DPNet MPJPE, ground-truth ranking (upper bound) (mm)'),
    ('dpnet', 'PA_MPJPE_gt_ranking', 'DPNet PA-MPJPE, ground-truth ranking (mm)'),
    ('ranking', 'ranking_accuracy_separable', 'Ranking accuracy, pairs > 100 mm apart'),
    ('ranking', 'ranking_accuracy_separable_mean_baseline', 'baseline: mean training ranking'),
    ('ranking', 'ranking_accuracy_3class', 'Ranking accuracy, 3 classes (tie = within 100 mm)'),
    ('ranking', 'ranking_accuracy_3class_mean_baseline', 'baseline: mean training ranking'),
    ('rootbins', 'MRPE_z_with_lifter_fit', 'Root depth MRPE_z as the app places it: bins weighed with the lifter fit (mm)'),
    ('rootbins', 'MRPE_z_with_lifter_fit_exact2d', '  the same on exact 2D (labels projected from 3D): the exact-2D fit and spreads (mm)'),
    ('rootbins', 'MRPE_z', 'Root depth MRPE_z, bins alone (mm)'),
    ('rootbins', 'MRPE_z_box_height_baseline', 'baseline: box height + average-height prior (mm)'),
    ('rootbins', 'MRPE_z_2-4m', '  MRPE_z, root 2–4 m'),
    ('rootbins', 'MRPE_z_2-4m_box_height_baseline', '  baseline, 2–4 m'),
    ('rootbins', 'MRPE_z_4-6m', '  MRPE_z, root 4–6 m'),
    ('rootbins', 'MRPE_z_4-6m_box_height_baseline', '  baseline, 4–6 m'),
    ('rootbins', 'MRPE_z_6-9m', '  MRPE_z, root 6–9 m'),
    ('rootbins', 'MRPE_z_6-9m_box_height_baseline', '  baseline, 6–9 m'),
    ('rootbins', 'relative_depth_error_pct', 'Root depth error / depth (%)'),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/tmp/posescope-mocap')
    a = ap.parse_args()
    runs = {}
    for k in ['lifter', 'ranking', 'dpnet', 'rootbins']:
        f = os.path.join(a.data, f'{k}-metrics.json')
        if os.path.exists(f):
            runs[k] = json.load(open(f))
    print('| figure (subject 006) | ' + ' | '.join(l for _, l in LEVELS) + ' |')
    print('| --- | ' + ' | '.join('---:' for _ in LEVELS) + ' |')
    for k, m, label in ROWS:
        if k not in runs:
            continue
        vals = [runs[k]['metrics'].get(lvl, {}).get(m) for lvl, _ in LEVELS]
        if all(v is None for v in vals):
            continue
        fmt = (lambda v: f'{100 * v:.1f} %') if 'accuracy' in m else (lambda v: f'{v:.1f}')
        print(f'| {label} | ' + ' | '.join('—' if v is None else fmt(v) for v in vals) + ' |')
    print()
    for k, r in runs.items():
        sizes = ', '.join(f'{f} {s / 1e6:.2f} MB' for f, s in r.get('files', []))
        print(f'- `{k}`: {r["settings"]}; {sizes}')
    print()
    # The validation curves (subject 006): the figure at a few points of each schedule.
    for k, r in runs.items():
        c = r.get('curve', [])
        if not c:
            continue
        pts = [c[int(i * (len(c) - 1) / 4)] for i in range(5)]
        fmt = (lambda v: f'{100 * v:.1f} %') if 'accuracy' in r['validation'] else (lambda v: f'{v:.1f}')
        print(f'- `{k}` validation ({r["validation"]}): ' + ', '.join(f'step {p["step"]} {fmt(p["val"])}' for p in pts))


if __name__ == '__main__':
    main()
