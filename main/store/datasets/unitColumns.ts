/** The columns UnitWriter writes for a unit's images and people, in the order it gives them. */
export const IMAGE_COLUMNS = [
  'id',
  'dataset_id',
  'unit',
  'source_id',
  'file',
  'width',
  'height',
  'camera_id',
  'subject',
  'action',
  'sequence',
  'camera',
  'frame',
  'scene',
  'missing',
  'raw',
  'raw_residual',
] as const;

export const INSTANCE_COLUMNS = [
  'id',
  'image_id',
  'source_id',
  'person',
  'bbox_x',
  'bbox_y',
  'bbox_w',
  'bbox_h',
  'iscrowd',
  'space',
  'joints_3d',
  'joints_2d',
  'vis',
  'valid',
  'flags',
  'raw',
  'raw_residual',
  'head_size',
  'pose_of',
] as const;

/** `col = ?, …` for an UPDATE of every column but the id. */
export const assignments = (cols: readonly string[]) =>
  cols
    .filter((c) => c !== 'id')
    .map((c) => `${c} = ?`)
    .join(', ');
