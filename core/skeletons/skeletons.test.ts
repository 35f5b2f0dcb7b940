import { describe, expect, it } from 'vitest';
import {
  BLAZEPOSE_33,
  COCO_17,
  COCO_OKS_SIGMAS,
  CROWDPOSE_14,
  DEFAULT_OKS_SIGMA,
  H36M_17,
  HALPE_26,
  MPII_16,
  MUCO_21,
  MUPOTS_17,
  PANOPTIC_19,
  SMPL_24,
  SKELETONS,
  WHOLEBODY_133,
  applyJointMapping,
  buildJointMapping,
  descendants,
  getSkeleton,
  jointIndex,
  jointSide,
  kinematicParents,
  normalJointName,
  oksSigmasOf,
  restPose,
  skeletonByJointNames,
} from '.';

describe('skeletons', () => {
  it('have the documented joint counts and roots', () => {
    expect(H36M_17.joints.map((j) => j.name)).toEqual([
      'Pelvis', 'R_Hip', 'R_Knee', 'R_Ankle', 'L_Hip', 'L_Knee', 'L_Ankle', 'Torso', 'Neck',
      'Nose', 'Head', 'L_Shoulder', 'L_Elbow', 'L_Wrist', 'R_Shoulder', 'R_Elbow', 'R_Wrist',
    ]); // prettier-ignore
    expect(H36M_17.root).toEqual([0]);
    expect(MUPOTS_17.joints).toHaveLength(17);
    expect(MUPOTS_17.root).toEqual([14]);
    expect(MUCO_21.joints).toHaveLength(21);
    expect(MUCO_21.root).toEqual([14]);
    expect(MUCO_21.joints.slice(17).map((j) => j.name)).toEqual([
      'R_Hand',
      'L_Hand',
      'R_Toe',
      'L_Toe',
    ]);
    expect(COCO_17.joints).toHaveLength(17);
    expect(COCO_17.root).toEqual([11, 12]);
    expect(MPII_16.joints).toHaveLength(16);
    expect(BLAZEPOSE_33.joints).toHaveLength(33);
  });

  it('Panoptic-19 follows the panoptic-toolbox README order, BodyCenter the pelvis and root', () => {
    expect(PANOPTIC_19.joints.map((j) => j.name)).toEqual([
      'Neck', 'Nose', 'BodyCenter', 'lShoulder', 'lElbow', 'lWrist', 'lHip', 'lKnee', 'lAnkle',
      'rShoulder', 'rElbow', 'rWrist', 'rHip', 'rKnee', 'rAnkle', 'lEye', 'lEar', 'rEye', 'rEar',
    ]); // prettier-ignore
    expect(PANOPTIC_19.root).toEqual([2]);
    expect(PANOPTIC_19.joints[2]!.key).toBe('pelvis');
    expect(PANOPTIC_19.joints[0]!.key).toBe('thorax');
  });

  it('SMPL-24 follows SMPL’s joint order (smplx JOINT_NAMES_DICT.smpl), pelvis the root', () => {
    expect(SMPL_24.joints.map((j) => j.name)).toEqual([
      'pelvis', 'left_hip', 'right_hip', 'spine1', 'left_knee', 'right_knee', 'spine2',
      'left_ankle', 'right_ankle', 'spine3', 'left_foot', 'right_foot', 'neck', 'left_collar',
      'right_collar', 'head', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
      'left_wrist', 'right_wrist', 'left_hand', 'right_hand',
    ]); // prettier-ignore
    expect(SMPL_24.root).toEqual([0]);
    // SMPL's kintree_table parents: every joint but the pelvis hangs off exactly one bone up.
    const parents = [
      -1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19, 20, 21,
    ];
    expect([...SMPL_24.bones].map(([a, b]) => [a, b]).sort((x, y) => x[1]! - y[1]!)).toEqual(
      parents.slice(1).map((p, i) => [p, i + 1]),
    );
  });

  it.each(Object.values(SKELETONS))(
    '$label: unique names and keys, valid bones, mirrored flip pairs',
    (s) => {
      expect(new Set(s.joints.map((j) => j.name)).size).toBe(s.joints.length);
      expect(new Set(s.joints.map((j) => j.key)).size).toBe(s.joints.length);
      for (const [a, b] of s.bones) {
        expect(a).not.toBe(b);
        expect(s.joints[a]).toBeDefined();
        expect(s.joints[b]).toBeDefined();
      }
      for (const [a, b] of s.flipPairs) {
        const sides = [jointSide(s.joints[a]!), jointSide(s.joints[b]!)].sort();
        expect(sides).toEqual(['left', 'right']);
      }
      // Every joint of a tree skeleton hangs off the root (BlazePose's face and COCO-WholeBody's
      // face landmarks are not linked to the body).
      const parents = kinematicParents(s);
      const orphans = parents.filter(
        (p, i) => p === -1 && !s.root.includes(i) && !s.joints[i]!.key.startsWith('face_'),
      ).length;
      if (s.id !== 'blazepose33') expect(orphans).toBe(0);
      if (s.oksSigmas) expect(s.oksSigmas.values).toHaveLength(s.joints.length);
    },
  );

  it('builds kinematic trees from the root joints outwards', () => {
    const name = (s: typeof H36M_17, i: number) => s.joints[i]?.name ?? null;
    const h36m = kinematicParents(H36M_17);
    expect(name(H36M_17, h36m[jointIndex(H36M_17, 'R_Wrist')]!)).toBe('R_Elbow');
    expect(name(H36M_17, h36m[jointIndex(H36M_17, 'L_Shoulder')]!)).toBe('Neck');
    expect(h36m[0]).toBe(-1);
    // COCO's root is the mid-hip point: each shoulder hangs off its own hip.
    const coco = kinematicParents(COCO_17);
    expect(name(COCO_17, coco[jointIndex(COCO_17, 'right_shoulder')]!)).toBe('right_hip');
    expect(name(COCO_17, coco[jointIndex(COCO_17, 'left_wrist')]!)).toBe('left_elbow');
    expect([coco[11], coco[12]]).toEqual([-1, -1]);
  });

  it('lists a joint’s descendants parents first: the whole arm below Neck, nothing below a wrist', () => {
    const parents = kinematicParents(H36M_17);
    const names = (js: number[]) => js.map((j) => H36M_17.joints[j]!.name);
    expect(names(descendants(parents, jointIndex(H36M_17, 'R_Shoulder')))).toEqual([
      'R_Elbow',
      'R_Wrist',
    ]);
    expect(descendants(parents, jointIndex(H36M_17, 'R_Wrist'))).toEqual([]);
    const belowNeck = names(descendants(parents, jointIndex(H36M_17, 'Neck')));
    expect(belowNeck.sort()).toEqual(
      [
        'Nose',
        'Head',
        'L_Shoulder',
        'L_Elbow',
        'L_Wrist',
        'R_Shoulder',
        'R_Elbow',
        'R_Wrist',
      ].sort(),
    );
    expect(descendants(parents, 0)).toHaveLength(16);
  });

  it('finds joints by name and refuses unknown names and skeletons', () => {
    expect(jointIndex(MUPOTS_17, 'Pelvis')).toBe(14);
    expect(() => jointIndex(H36M_17, 'Thorax')).toThrow(/h36m17 has no joint named "Thorax"/);
    expect(() => getSkeleton('kinect25')).toThrow(/unknown skeleton "kinect25"/);
  });

  it('maps Human3.6M ↔ MuPoTS by anatomy (H36M Neck = MuPoTS Thorax, Head = Head_top)', () => {
    const m = buildJointMapping(H36M_17, MUPOTS_17);
    expect(m.entries[jointIndex(MUPOTS_17, 'Thorax')]).toEqual({ kind: 'direct', source: 8 });
    expect(m.entries[jointIndex(MUPOTS_17, 'Head_top')]).toEqual({ kind: 'direct', source: 10 });
    expect(m.entries[jointIndex(MUPOTS_17, 'Spine')]).toEqual({ kind: 'direct', source: 7 });
    // MuPoTS's head centre is the mean of the ears, which Human3.6M lacks.
    expect(m.entries[jointIndex(MUPOTS_17, 'Head')]).toEqual({ kind: 'missing' });
  });

  it('derives the COCO pelvis, thorax and spine explicitly, and leaves head top missing', () => {
    const m = buildJointMapping(COCO_17, H36M_17);
    const pelvis = m.entries[0]!;
    expect(pelvis).toMatchObject({ kind: 'derived', rule: 'Pelvis = mean(l_hip, r_hip)' });
    const pose = COCO_17.joints.map((_, i) => [i, 2 * i] as const);
    const out = applyJointMapping(pose, m);
    // Pelvis = mean(left_hip 11, right_hip 12) = (11.5, 23); spine = mean(pelvis, mid-shoulders 5.5).
    expect(out[0]).toEqual([11.5, 23]);
    expect(out[jointIndex(H36M_17, 'Torso')]).toEqual([8.5, 17]);
    expect(out[jointIndex(H36M_17, 'Head')]!.every(Number.isNaN)).toBe(true);
    expect(() => applyJointMapping(pose.slice(1), m)).toThrow(
      /expected 17 joints for COCO-17, got 16/,
    );
  });

  it('maps BlazePose to MuCo hands and toes', () => {
    const m = buildJointMapping(BLAZEPOSE_33, MUCO_21);
    expect(m.entries[jointIndex(MUCO_21, 'R_Toe')]).toEqual({
      kind: 'direct',
      source: jointIndex(BLAZEPOSE_33, 'right_foot_index'),
    });
    expect(m.entries[jointIndex(MUCO_21, 'L_Hand')]).toMatchObject({ kind: 'derived' });
  });
});

describe('COCO-style layouts', () => {
  it('have the published joint orders', () => {
    expect(CROWDPOSE_14.joints.map((j) => j.name).slice(11)).toEqual([
      'right_ankle',
      'head',
      'neck',
    ]);
    expect(CROWDPOSE_14.root).toEqual([6, 7]);
    expect(HALPE_26.joints.slice(0, 17).map((j) => j.name)).toEqual(
      COCO_17.joints.map((j) => j.name),
    );
    expect(HALPE_26.joints.slice(17).map((j) => j.name)).toEqual([
      'head', 'neck', 'hip', 'left_big_toe', 'right_big_toe', 'left_small_toe', 'right_small_toe',
      'left_heel', 'right_heel',
    ]); // prettier-ignore
    expect(HALPE_26.root).toEqual([19]);
    expect(WHOLEBODY_133.joints).toHaveLength(133);
    const names = WHOLEBODY_133.joints.map((j) => j.name);
    expect(names.slice(17, 23)).toEqual([
      'left_big_toe', 'left_small_toe', 'left_heel', 'right_big_toe', 'right_small_toe', 'right_heel',
    ]); // prettier-ignore
    expect([names[23], names[90], names[91], names[96], names[111], names[112], names[132]]).toEqual([
      'face-0', 'face-67', 'left_hand_root', 'left_forefinger1', 'left_pinky_finger4',
      'right_hand_root', 'right_pinky_finger4',
    ]); // prettier-ignore
  });

  it('carry their evaluations’ OKS constants; others get COCO’s by anatomy and a note', () => {
    expect(COCO_17.oksSigmas?.values).toEqual(COCO_OKS_SIGMAS);
    expect(oksSigmasOf(COCO_17)).toEqual({ values: COCO_OKS_SIGMAS, note: null });
    expect(CROWDPOSE_14.oksSigmas?.values.slice(12)).toEqual([0.079, 0.079]);
    expect(HALPE_26.oksSigmas?.values.slice(17, 21)).toEqual([0.08, 0.08, 0.08, 0.089]);
    const wb = WHOLEBODY_133.oksSigmas!.values;
    expect(wb.slice(0, 17)).toEqual(COCO_OKS_SIGMAS);
    // myeval_wholebody.py: foot, face-0, face-47 (the one wide face constant), both hand roots.
    expect([wb[17], wb[22], wb[23], wb[70], wb[91], wb[112], wb[132]]).toEqual([
      0.068, 0.094, 0.042, 0.034, 0.029, 0.029, 0.031,
    ]);
    const mpii = oksSigmasOf(MPII_16);
    expect(mpii.note).toMatch(/MPII-16 layout publishes no OKS constants/);
    expect(mpii.values[jointIndex(MPII_16, 'l_hip')]).toBe(0.107);
    expect(mpii.values[jointIndex(MPII_16, 'head_top')]).toBe(DEFAULT_OKS_SIGMA);
  });

  it('are found from a file’s keypoint names, whatever their spelling', () => {
    const find = (names: string[]) => skeletonByJointNames(Object.values(SKELETONS), names)?.id;
    expect(normalJointName('LBigToe')).toBe('leftbigtoe');
    expect(normalJointName('Rknee')).toBe('rightknee');
    expect(normalJointName('r_ankle')).toBe(normalJointName('right_ankle'));
    expect(find(COCO_17.joints.map((j) => j.name))).toBe('coco17');
    // Halpe's README spelling, CrowdPose's MMPose spelling, MPII's MMPose spelling.
    expect(
      find([
        'Nose', 'LEye', 'REye', 'LEar', 'REar', 'LShoulder', 'RShoulder', 'LElbow', 'RElbow',
        'LWrist', 'RWrist', 'LHip', 'RHip', 'LKnee', 'Rknee', 'LAnkle', 'RAnkle', 'Head', 'Neck',
        'Hip', 'LBigToe', 'RBigToe', 'LSmallToe', 'RSmallToe', 'LHeel', 'RHeel',
      ]), // prettier-ignore
    ).toBe('halpe26');
    const crowd = CROWDPOSE_14.joints.map((j) => j.name);
    expect(find([...crowd.slice(0, 12), 'top_head', 'neck'])).toBe('crowdpose14');
    expect(
      find(MPII_16.joints.map((j) => j.name.replace(/^r_/, 'right_').replace(/^l_/, 'left_'))),
    ).toBe('mpii16');
    expect(find(WHOLEBODY_133.joints.map((j) => j.name))).toBe('wholebody133');
    expect(find(crowd.slice(1))).toBeUndefined();
  });

  it('map by anatomy: Halpe toes and CrowdPose neck onto MuCo, WholeBody hands onto MuCo', () => {
    const halpe = buildJointMapping(HALPE_26, MUCO_21);
    expect(halpe.entries[jointIndex(MUCO_21, 'L_Toe')]).toMatchObject({
      kind: 'derived',
      rule: 'L_Toe = mean(l_big_toe, l_small_toe)',
    });
    expect(halpe.entries[jointIndex(MUCO_21, 'Pelvis')]).toEqual({ kind: 'direct', source: 19 });
    const crowd = buildJointMapping(CROWDPOSE_14, H36M_17);
    expect(crowd.entries[jointIndex(H36M_17, 'Neck')]).toEqual({ kind: 'direct', source: 13 });
    expect(crowd.entries[jointIndex(H36M_17, 'Head')]).toEqual({ kind: 'direct', source: 12 });
    const wb = buildJointMapping(WHOLEBODY_133, MUCO_21);
    expect(wb.entries[jointIndex(MUCO_21, 'R_Hand')]).toMatchObject({ kind: 'derived' });
    // Face landmarks map onto nothing outside whole-body layouts.
    const toCoco = buildJointMapping(COCO_17, WHOLEBODY_133);
    expect(toCoco.entries[23]).toEqual({ kind: 'missing' });
  });
});

describe('rest pose', () => {
  it.each(Object.values(SKELETONS))('$label: every joint placed, left on +x, right on −x', (s) => {
    const pose = restPose(s);
    expect(pose).toHaveLength(s.joints.length);
    s.joints.forEach((j, i) => {
      const side = jointSide(j);
      if (side === 'left') expect(pose[i]![0]).toBeGreaterThan(0);
      if (side === 'right') expect(pose[i]![0]).toBeLessThan(0);
      // Face landmarks sit across the face, left and right of the midline.
      if (side === 'center' && !j.key.startsWith('face_')) expect(pose[i]![0]).toBe(0);
    });
  });

  it('has human proportions: thigh ≈ 435 mm, total height ≈ 1.7 m', () => {
    const p = restPose(H36M_17);
    const thigh = Math.hypot(...p[4]!.map((v, k) => v - p[5]![k]!));
    expect(thigh).toBeGreaterThan(400);
    expect(thigh).toBeLessThan(470);
    expect(p[10]![1] - p[6]![1]).toBeGreaterThan(1600);
  });
});
