import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MUPOTS_17, type Vec2 } from '../../../core';
import { ImageLocator } from '../fileExists';
import { readHdf5Datasets, type Hdf5Array } from '../hdf5File';
import { FLAG, type DatasetAdapter, type Unit } from '../records';
import { cocoPerson } from './cocoLike';
import { paddedJointBox } from './common';

/** MPI-INF-3DHP's 17 test joints are MuPoTS-3D's, in the same order (`mpii_get_joints('relavant')`). */
const J = MUPOTS_17.joints.length;

export const MPI3DHP_FILE = 'annot_data.mat';
const SEQUENCE = /^TS\d+$/;

/**
 * The test sequences' cameras, from the test set's `test_util/camera_calibration/`
 * (`ts1-4cameras.calib`: focal length 7.32506 mm, principal point offset (−0.0322884, 0.0929296) mm
 * on a 10 × 10 mm sensor, 2048 × 2048 px; `ts5-6cameras.calib`: 8.770747185 mm,
 * (−0.104908645, 0.104899704) mm on 10 × 5.625 mm, 1920 × 1080 px), in pixels as 3DHP loaders
 * convert them (`cam_mm_to_pix` in the PoseFormer/P-STMO family: f·w/sensor, w/2 + offset·w/sensor).
 * TS1–4's equal the training set's camera 8 (f 1500.172, c (1017.387, 1043.032), as in
 * VideoPose3D-style `mpi_inf_3dhp_cameras_intrinsic_params`); TS5–6's
 * f 1683.98, c (939.858, 560.141) are the "TS56" camera of the same tables.
 */
const STUDIO = calibrated(2048, 2048, [10, 10], 7.32506, [-0.0322884, 0.0929296]);
const OUTDOOR = calibrated(1920, 1080, [10, 5.625], 8.770747185, [-0.104908645, 0.104899704]);
const CAMERAS: Readonly<Record<string, ReturnType<typeof calibrated>>> = {
  TS1: STUDIO,
  TS2: STUDIO,
  TS3: STUDIO,
  TS4: STUDIO,
  TS5: OUTDOOR,
  TS6: OUTDOOR,
};

function calibrated(
  width: number,
  height: number,
  sensor: Vec2,
  focalMm: number,
  offsetMm: Vec2,
): { width: number; height: number; f: Vec2; c: Vec2 } {
  const [mx, my] = [width / sensor[0], height / sensor[1]];
  return {
    width,
    height,
    f: [focalMm * mx, focalMm * my],
    c: [width / 2 + offsetMm[0] * mx, height / 2 + offsetMm[1] * my],
  };
}

/** `mpii_get_activity_name.m`: `activity_annotation`'s 1…7. */
const ACTIVITIES = [
  'Standing/Walking',
  'Exercising',
  'Sitting',
  'Reaching/Crouching',
  'On The Floor',
  'Sports',
  'Miscellaneous',
];

/** The TS folders of a test set that hold an `annot_data.mat`, in sequence order. */
export function findMpi3dhpSequences(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => SEQUENCE.test(n) && existsSync(join(root, n, MPI3DHP_FILE)))
    .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
}

/**
 * Frames × 17 × dims from a MATLAB v7.3 array. MATLAB writes column-major, so its
 * dims × 17 × 1 × frames array is HDF5's (row-major) [frames, 1, 17, dims]: the flat values are
 * already frame by frame, joint by joint, x y (z).
 */
function jointFrames(file: string, name: string, a: Hdf5Array, dims: number): number {
  const s = a.shape;
  if (s.length < 3 || s[s.length - 1] !== dims || s[s.length - 2] !== J)
    throw new Error(
      `${file}: "${name}" has shape [${s.join(', ')}] (HDF5 order); expected [frames, 1, ${J}, ${dims}], MATLAB's ${dims}×${J}×1×frames`,
    );
  return a.data.length / (J * dims);
}

/** One value per frame (`valid_frame`, `activity_annotation`: MATLAB's 1×frames or frames×1). */
function perFrame(file: string, name: string, a: Hdf5Array, frames: number): Float64Array {
  if (a.data.length !== frames)
    throw new Error(
      `${file}: "${name}" has ${a.data.length} values (shape [${a.shape.join(', ')}]); the joints have ${frames} frames`,
    );
  return a.data;
}

const pad6 = (n: number) => String(n).padStart(6, '0');

/**
 * The MPI-INF-3DHP test set as released: per sequence `TS<n>/annot_data.mat` (MATLAB v7.3, i.e.
 * HDF5) and its frames `TS<n>/imageSequence/img_000001.jpg`, …; one subject per frame. One unit
 * per sequence. The 3D joints are `univ_annot3` (universal-skeleton scale, camera space, mm: what
 * the official `mpii_test_predictions.m` scores), the 2D `annot2` (pixels); a frame whose
 * `valid_frame` is not 1 stays indexed but is not valid, so it is never scored, as in the
 * official evaluation. Cameras are the published per-sequence intrinsics.
 */
export const mpi3dhpAdapter: DatasetAdapter = {
  format: 'mpi3dhp',
  skeleton: 'mupots17',
  needs:
    'TS1…TS6/annot_data.mat (the MPI-INF-3DHP test set’s MATLAB v7.3 annotations) beside each sequence’s imageSequence/ frames',

  listUnits(root) {
    return findMpi3dhpSequences(root).map((ts): Unit => ({
      key: ts,
      files: [`${ts}/${MPI3DHP_FILE}`],
    }));
  },

  readUnit(root, unit, sink, { issues, onBytes }) {
    const ts = unit.key;
    const file = join(root, ts, MPI3DHP_FILE);
    const got = readHdf5Datasets(file, [
      'univ_annot3',
      'annot2',
      'valid_frame',
      'activity_annotation',
    ]);
    const required = (name: string): Hdf5Array => {
      const a = got.get(name);
      if (!a)
        throw new Error(`${file}: no "${name}" dataset (the test set's annot_data.mat has it)`);
      return a;
    };
    const univ = required('univ_annot3');
    const frames = jointFrames(file, 'univ_annot3', univ, 3);
    const annot2 = required('annot2');
    if (jointFrames(file, 'annot2', annot2, 2) !== frames)
      throw new Error(
        `${file}: "annot2" has ${annot2.data.length / (J * 2)} frames, "univ_annot3" ${frames}`,
      );
    const valid = perFrame(file, 'valid_frame', required('valid_frame'), frames);
    const activityArray = got.get('activity_annotation');
    const activity = activityArray
      ? perFrame(file, 'activity_annotation', activityArray, frames)
      : undefined;
    onBytes(statSync(file).size);

    const camera = CAMERAS[ts];
    if (camera) sink.camera({ key: ts, f: camera.f, c: camera.c });
    else issues.report('unknown camera', `${file}: no published intrinsics for ${ts}`);

    const images = new ImageLocator(root, [`${ts}/imageSequence`]);
    for (let i = 0; i < frames; i++) {
      const name = `img_${pad6(i + 1)}`;
      const id = `${ts}/${name}`;
      const { file: image, missing } = images.locate(`${name}.jpg`, issues);
      const act = activity && Number.isInteger(activity[i]) ? activity[i] : undefined;
      sink.image({
        sourceId: id,
        file: image,
        width: camera?.width,
        height: camera?.height,
        cameraKey: camera ? ts : undefined,
        subject: ts,
        action: act === undefined ? undefined : (ACTIVITIES[act - 1] ?? String(act)),
        sequence: ts,
        frame: i + 1,
        missing,
        raw: JSON.stringify({
          valid_frame: valid[i],
          ...(act === undefined ? {} : { activity_annotation: act }),
        }),
      });
      const joints3d = univ.data.slice(i * J * 3, (i + 1) * J * 3);
      const joints2d = annot2.data.slice(i * J * 2, (i + 1) * J * 2);
      const finite = joints3d.every(Number.isFinite) && joints2d.every(Number.isFinite);
      const at = `${file} frame ${i + 1}`;
      if (!finite) issues.report('non-finite coordinates', at);
      sink.instance(
        cocoPerson(
          { id, image_id: id, bbox: paddedJointBox(joints2d) },
          { people: 0 },
          {
            space: 'camera',
            joints3d,
            joints2d,
            valid: valid[i] === 1,
            flags: (finite ? 0 : FLAG.nonFinite) | (missing ? FLAG.missingImage : 0),
            raw: null,
          },
          issues,
          at,
        ),
      );
    }
  },
};
