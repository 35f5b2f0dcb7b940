/**
 * Human3.6M takes as sequence-keyed files name them (VideoPose3D's `S9` → `'Directions 1'`,
 * OpenPose run on `S9/Videos/Directions 1.54138969.mp4`) and as the index's images name them
 * (RootNet's `s_09_act_02_subact_01_ca_01/s_09_act_02_subact_01_ca_01_000001.jpg`).
 */

/**
 * Human3.6M's action ids (metadata.xml `actionnames`, RootNet's `action_idx`) with the names
 * VideoPose3D's prepare_data_h36m.py gives them (`TakingPhoto` → `Photo`, `WalkingDog` →
 * `WalkDog`, as RootNet's `action_name` also spells them).
 */
export const H36M_ACTIONS: Readonly<Record<number, string>> = {
  2: 'Directions',
  3: 'Discussion',
  4: 'Eating',
  5: 'Greeting',
  6: 'Phoning',
  7: 'Posing',
  8: 'Purchases',
  9: 'Sitting',
  10: 'SittingDown',
  11: 'Smoking',
  12: 'Photo',
  13: 'Waiting',
  14: 'Walking',
  15: 'WalkDog',
  16: 'WalkTogether',
};

/** The subjects with poses, in the order of the suffix columns below. */
const SUBJECTS = [1, 5, 6, 7, 8, 9, 11] as const;

/**
 * Which recording of an action is subaction 1 and which 2, per subject: Human3.6M's
 * metadata.xml `mapping` table (the release's, as anibali/h36m-fetch ships it), whose file names
 * VideoPose3D keeps as its action keys. One character per subject (S1 S5 S6 S7 S8 S9 S11): the
 * number after the action's name in the file name, `-` for the bare name. S1's Directions is
 * `Directions 1` for subaction 1 and `Directions` for 2; S5's is `Directions 1` and `Directions 2`.
 */
const SUBACTIONS: Readonly<Record<number, readonly [string, string]>> = {
  2: ['1111111', '-2-----'],
  3: ['1211111', '-3---22'],
  4: ['2111111', '--2----'],
  5: ['1111112', '-2-----'],
  6: ['1112113', '------2'],
  7: ['1121111', '-------'],
  8: ['1111111', '-------'],
  9: ['1111111', '2-2----'],
  10: ['2-1----', '-1-1111'],
  11: ['1111112', '-------'],
  12: ['1---111', '-211---'],
  13: ['1131111', '-2-2---'],
  14: ['1111111', '---2---'],
  15: ['1111111', '-------'],
  16: ['1111111', '----2--'],
};

/** Human3.6M's camera ids in its camera order: VideoPose3D's list index 0–3, RootNet's ca_01–04. */
export const H36M_CAMERA_IDS = ['54138969', '55011271', '58860488', '60457274'] as const;

export interface H36mTake {
  readonly subject: number;
  readonly action: number;
  readonly subaction: number;
}

/** An action as the files spell it, in VideoPose3D's naming (`Photo`, `WalkDog`, spaces). */
const canonical = (name: string) =>
  name
    .trim()
    .replace(/_/g, ' ')
    .replace(/^TakingPhoto\b/, 'Photo')
    .replace(/^WalkingDog\b/, 'WalkDog');

/** A subject's 30 take names by action and subaction. */
function takeNames(subject: number): Map<string, H36mTake> {
  const col = SUBJECTS.indexOf(subject as (typeof SUBJECTS)[number]);
  const out = new Map<string, H36mTake>();
  for (const [a, name] of Object.entries(H36M_ACTIONS))
    SUBACTIONS[Number(a)]!.forEach((suffixes, k) => {
      const suffix = suffixes[col]!;
      out.set(suffix === '-' ? name : `${name} ${suffix}`, {
        subject,
        action: Number(a),
        subaction: k + 1,
      });
    });
  return out;
}

/** A subject key (`S9`, `9`) as a number, or undefined. */
export function subjectNumber(key: string): number | undefined {
  const m = /^S?(\d+)$/i.exec(key.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The take a subject and action name denote (`S9`, `'Directions 1'` → action 2, subaction 1), or
 * why none does: the subject has no poses in Human3.6M, or the name is not one of its 30 takes
 * (the message lists them).
 */
export function h36mTake(subjectKey: string, action: string): H36mTake | { error: string } {
  const subject = subjectNumber(subjectKey);
  if (subject === undefined || !(SUBJECTS as readonly number[]).includes(subject))
    return {
      error: `subject '${subjectKey}' is not a Human3.6M subject with poses (${SUBJECTS.map((s) => `S${s}`).join(', ')})`,
    };
  const names = takeNames(subject);
  const take = names.get(canonical(action));
  return (
    take ?? {
      error: `unknown action name '${action}' for S${subject}; known: ${[...names.keys()].join(', ')}`,
    }
  );
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** RootNet's folder of a take's camera: `s_09_act_02_subact_01_ca_01`. */
export const takeFolder = (t: H36mTake, camera: number) =>
  `s_${pad(t.subject, 2)}_act_${pad(t.action, 2)}_subact_${pad(t.subaction, 2)}_ca_${pad(camera, 2)}`;

/** A take in words for messages: `S9 'Directions 1' (act 2, subact 1)`. */
export const takeLabel = (t: H36mTake, name: string) =>
  `S${t.subject} '${name}' (act ${t.action}, subact ${t.subaction})`;

/**
 * The image of a take's frame as RootNet names it, without extension: frame n (1-based, as the
 * file names count; array row n − 1) of camera c.
 */
export function h36mImageName(t: H36mTake, camera: number, frame: number): string {
  const folder = takeFolder(t, camera);
  return `${folder}/${folder}_${pad(frame, 6)}`;
}

const IMAGE_RE = /s_(\d+)_act_(\d+)_subact_(\d+)_ca_(\d+)_(\d+)\.[^./\\]+$/;

/** The take, camera and frame number of a RootNet image file, or undefined for any other file. */
export function parseH36mImage(
  file: string,
): { take: H36mTake; camera: number; frame: number } | undefined {
  const m = IMAGE_RE.exec(file);
  if (!m) return undefined;
  const [s, a, sa, c, f] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { take: { subject: s, action: a, subaction: sa }, camera: c, frame: f };
}
