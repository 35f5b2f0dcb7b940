/**
 * The index schema as an ordered list of migrations. Version N's SQL upgrades a version N − 1
 * database; never edit a released migration, append a new one.
 *
 * Poses are little-endian float64 blobs (J×3 or J×2), or float32 where every value survives
 * that exactly (db/blobs.ts), so exported values equal the input to the last bit; visibility is
 * one byte per joint. `raw` keeps what export needs of each image's and annotation's original
 * JSON record (since version 17 only the fields the columns cannot give back), so export writes
 * back every field, understood or not, untouched. Grouping keys (subject, action, sequence, camera)
 * sit on `images` so "worst N by a metric within an action" needs no JSON decoding.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description:
      'datasets, files, cameras, images, instances, runs, predictions, metrics, artifacts, edits',
    sql: `
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  root TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL,
  skeleton TEXT NOT NULL,
  created_at TEXT NOT NULL,
  indexed_at TEXT
);

-- One row per annotation file or image a dataset is read from; a unit is the set of files that
-- feed the same images (a Human3.6M subject, a COCO split), re-indexed together when one changes.
CREATE TABLE source_files (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  unit TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, path)
) WITHOUT ROWID;

CREATE TABLE cameras (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  unit TEXT NOT NULL,
  key TEXT NOT NULL,
  fx REAL NOT NULL, fy REAL NOT NULL, cx REAL NOT NULL, cy REAL NOT NULL,
  rotation BLOB,
  translation BLOB,
  distortion BLOB,
  UNIQUE (dataset_id, key)
);

CREATE TABLE images (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  unit TEXT NOT NULL,
  source_id TEXT NOT NULL,
  file TEXT NOT NULL,
  width INTEGER,
  height INTEGER,
  camera_id INTEGER REFERENCES cameras(id) ON DELETE SET NULL,
  subject TEXT,
  action TEXT,
  sequence TEXT,
  camera TEXT,
  frame INTEGER,
  missing INTEGER NOT NULL DEFAULT 0,
  raw TEXT,
  UNIQUE (dataset_id, source_id)
);
CREATE INDEX images_unit ON images (dataset_id, unit);
CREATE INDEX images_groups ON images (dataset_id, action, subject, sequence, camera);

-- A ground-truth person. joints_3d is stored in the space the dataset gives it ('world' with the
-- image's camera, or 'camera'); joints_2d in pixels; vis one byte per joint (0 absent,
-- 1 occluded, 2 visible: COCO semantics).
CREATE TABLE instances (
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  source_id TEXT NOT NULL,
  person INTEGER NOT NULL,
  bbox_x REAL, bbox_y REAL, bbox_w REAL, bbox_h REAL,
  iscrowd INTEGER NOT NULL DEFAULT 0,
  space TEXT CHECK (space IN ('world', 'camera')),
  joints_3d BLOB,
  joints_2d BLOB,
  vis BLOB,
  valid INTEGER NOT NULL DEFAULT 1,
  flags INTEGER NOT NULL DEFAULT 0,
  raw TEXT
);
CREATE INDEX instances_image ON instances (image_id);
CREATE UNIQUE INDEX instances_source ON instances (image_id, source_id);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('import', 'inference')),
  source TEXT,
  created_at TEXT NOT NULL,
  summary TEXT,
  UNIQUE (dataset_id, name)
);

CREATE TABLE predictions (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  instance_id INTEGER REFERENCES instances(id) ON DELETE SET NULL,
  score REAL,
  bbox_x REAL, bbox_y REAL, bbox_w REAL, bbox_h REAL,
  root_cam BLOB,
  joints_cam BLOB,
  joints_img BLOB
);
CREATE INDEX predictions_run_image ON predictions (run_id, image_id);
CREATE INDEX predictions_instance ON predictions (instance_id);

-- Per matched instance and run; per-joint errors as a float64 blob in skeleton order.
CREATE TABLE instance_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  instance_id INTEGER NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
  prediction_id INTEGER REFERENCES predictions(id) ON DELETE CASCADE,
  action TEXT,
  mpjpe REAL, pa_mpjpe REAL,
  mrpe REAL, mrpe_x REAL, mrpe_y REAL, mrpe_z REAL,
  pck_rel REAL, pck_abs REAL,
  ranking_acc REAL,
  joint_errors BLOB,
  PRIMARY KEY (run_id, instance_id)
) WITHOUT ROWID;
CREATE INDEX metrics_mpjpe ON instance_metrics (run_id, mpjpe);
CREATE INDEX metrics_action_mpjpe ON instance_metrics (run_id, action, mpjpe);
CREATE INDEX metrics_pa_mpjpe ON instance_metrics (run_id, pa_mpjpe);
CREATE INDEX metrics_mrpe ON instance_metrics (run_id, mrpe);

-- Model outputs people inspect (heatmaps, depth-bin distributions, ranking matrices).
CREATE TABLE artifacts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  instance_id INTEGER REFERENCES instances(id) ON DELETE CASCADE,
  image_id INTEGER REFERENCES images(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  dtype TEXT NOT NULL,
  shape TEXT NOT NULL,
  encoding TEXT NOT NULL DEFAULT 'raw',
  data BLOB NOT NULL
);
CREATE INDEX artifacts_lookup ON artifacts (run_id, instance_id, kind);

-- Every label correction as it happens. Keyed by the dataset's own ids so edits survive
-- re-indexing.
CREATE TABLE edits (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  image_source_id TEXT NOT NULL,
  instance_source_id TEXT,
  joint INTEGER,
  field TEXT NOT NULL,
  before TEXT,
  after TEXT,
  tool TEXT NOT NULL,
  annotator TEXT,
  at TEXT NOT NULL,
  undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX edits_image ON edits (dataset_id, image_source_id);
`,
  },
  {
    version: 2,
    description: 'leaner indexes, 2D metrics, camera records and top-level file values for export',
    // instances_image duplicates the prefix of instances_source; images_groups served no query
    // (worst-N by action goes through instance_metrics, which carries the action).
    sql: `
DROP INDEX instances_image;
DROP INDEX images_groups;

ALTER TABLE instance_metrics ADD COLUMN oks REAL;
ALTER TABLE instance_metrics ADD COLUMN pck_2d REAL;
CREATE INDEX metrics_oks ON instance_metrics (run_id, oks);

-- The camera's original JSON, carried to export like images.raw.
ALTER TABLE cameras ADD COLUMN raw TEXT;

-- Values of an annotation file PoseScope reads but does not model (COCO's info, licenses,
-- categories; Human3.6M world joints of frames no image shows), written back at export.
CREATE TABLE file_values (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  unit TEXT NOT NULL,
  file TEXT NOT NULL,
  path TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (dataset_id, file, path)
) WITHOUT ROWID;

-- Forget file stamps so the next index re-reads every unit and fills camera records and file
-- values; people keep their row ids (matched by the dataset's own ids), so runs stay attached.
DELETE FROM source_files;
`,
  },
  {
    version: 3,
    description: 'inference runs: status, finished targets for resume, artifact lookup by image',
    sql: `
-- 'running', 'cancelled', 'failed' or 'done' for inference runs; imports are NULL.
ALTER TABLE runs ADD COLUMN status TEXT;

-- One row per finished inference target (a person crop 'p<instance id>' or a whole image
-- 'i<image id>'): the predictions it produced, in the prediction file's JSON format. A resumed
-- run skips what is here; scoring reads it.
CREATE TABLE inference_results (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  target TEXT NOT NULL,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  predictions TEXT NOT NULL,
  PRIMARY KEY (run_id, target)
) WITHOUT ROWID;

CREATE INDEX artifacts_image ON artifacts (run_id, image_id, kind);
`,
  },
  {
    version: 4,
    description: 'per-frame metrics of each run and people per image, for ranking frames fast',
    sql: `
-- Each run's figures per image: the worst person's value for each metric (what ranks a frame
-- in the grid), one row for every image of the dataset so unmatched frames still list (NULLs
-- sort last when walking an index from its bad end).
CREATE TABLE image_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  matched INTEGER NOT NULL DEFAULT 0,
  missed INTEGER NOT NULL DEFAULT 0,
  mpjpe REAL, pa_mpjpe REAL, mrpe REAL, mrpe_z REAL, pck_rel REAL, ranking_acc REAL,
  oks REAL, pck_2d REAL,
  PRIMARY KEY (run_id, image_id)
) WITHOUT ROWID;
CREATE INDEX image_metrics_mpjpe ON image_metrics (run_id, mpjpe);
CREATE INDEX image_metrics_pa_mpjpe ON image_metrics (run_id, pa_mpjpe);
CREATE INDEX image_metrics_mrpe ON image_metrics (run_id, mrpe);
CREATE INDEX image_metrics_mrpe_z ON image_metrics (run_id, mrpe_z);
CREATE INDEX image_metrics_pck_rel ON image_metrics (run_id, pck_rel);
CREATE INDEX image_metrics_ranking ON image_metrics (run_id, ranking_acc);
CREATE INDEX image_metrics_oks ON image_metrics (run_id, oks);

-- Root depths of each matched person (camera Z, mm), for predicted-vs-true depth plots.
ALTER TABLE instance_metrics ADD COLUMN gt_root_z REAL;
ALTER TABLE instance_metrics ADD COLUMN pred_root_z REAL;
-- A frame's predictions with their metrics join on the prediction id (the inspector's query).
CREATE INDEX metrics_prediction ON instance_metrics (prediction_id);

-- People per image, kept by the indexer, so filtering and sorting by it reads no instances.
ALTER TABLE images ADD COLUMN people INTEGER NOT NULL DEFAULT 0;
UPDATE images SET people = (SELECT count(*) FROM instances i WHERE i.image_id = images.id);
CREATE INDEX images_file ON images (dataset_id, file);
CREATE INDEX images_people ON images (dataset_id, people);
`,
  },
  {
    version: 5,
    description: 'partial indexes for the few flagged people and missing images',
    sql: `
-- A dataset's counts are read on every open: without these, counting flagged people scans
-- every instance (0.5 s at 233k people) though almost none are flagged.
CREATE INDEX instances_flagged ON instances (image_id) WHERE flags != 0;
CREATE INDEX images_missing ON images (dataset_id) WHERE missing = 1;
`,
  },
  {
    version: 6,
    description: 'label corrections: the edit log, originals, edited people, review status',
    sql: `
-- Every correction as it happens: the audit log and the undo history in one. before/after hold
-- only the changed joints (core/edit's EditRecord values, camera space mm and pixels, as JSON).
-- state: applied, undone (can be redone), or discarded (undone, then overtaken by a new edit);
-- rows are never deleted, so the log keeps what was tried. Keyed by row ids, which re-indexing
-- keeps for people the files still hold (matched by the dataset's own ids); patches carry the
-- dataset's ids instead. Replaces version 1's placeholder table, which nothing ever wrote.
DROP TABLE edits;
CREATE TABLE edits (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  instance_id INTEGER NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
  joint INTEGER,
  tool TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  annotator TEXT NOT NULL,
  at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'applied' CHECK (state IN ('applied', 'undone', 'discarded'))
);
CREATE INDEX edits_dataset_state ON edits (dataset_id, state, id);
CREATE INDEX edits_instance ON edits (instance_id);

-- A person's labels as the dataset's files gave them, saved at their first edit: the baseline
-- of before/after reports, and what re-indexing compares against.
CREATE TABLE instance_originals (
  instance_id INTEGER PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
  joints_3d BLOB,
  joints_2d BLOB,
  vis BLOB
);

ALTER TABLE instances ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
CREATE INDEX instances_edited ON instances (image_id) WHERE edited != 0;

-- Review status per frame, and who set it when.
ALTER TABLE images ADD COLUMN review TEXT NOT NULL DEFAULT 'unreviewed'
  CHECK (review IN ('unreviewed', 'needs-fix', 'fixed', 'verified'));
ALTER TABLE images ADD COLUMN reviewed_by TEXT;
ALTER TABLE images ADD COLUMN reviewed_at TEXT;
CREATE INDEX images_review ON images (dataset_id, review) WHERE review != 'unreviewed';
`,
  },
  {
    version: 7,
    description: 'people added and deleted in PoseScope, kept as rows so the edit log keeps them',
    sql: `
-- A person deleted by a correction stays a row (removed = 1): their edit log, originals,
-- predictions and model outputs stay attached, and undo brings them back. Every reader of the
-- labels skips removed people. added = 1 marks a person the dataset's files do not hold
-- (created in PoseScope): re-indexing keeps them, the export writes them as new annotations.
ALTER TABLE instances ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE instances ADD COLUMN added INTEGER NOT NULL DEFAULT 0;
CREATE INDEX instances_removed ON instances (image_id) WHERE removed != 0;
`,
  },
  {
    version: 8,
    description: 'the person a prediction was made for',
    sql: `
-- The dataset's id of the person whose box a prediction was made from (top-down inference on
-- ground-truth boxes, or a file's ann_id): the prediction is paired with that person.
ALTER TABLE predictions ADD COLUMN ann_id TEXT;
`,
  },
  {
    version: 9,
    description: "a person's edit version, so a correction made from a stale view is refused",
    sql: `
-- Raised by every write of a person's labels (edit, undo, redo, patch): an edit names the
-- version it was made from, and one made from an older one is refused instead of reverting
-- what someone else changed meanwhile.
ALTER TABLE instances ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    version: 10,
    description: "the folders each unit's images are in, so a deleted or added image is seen",
    sql: `
-- A unit is re-read when one of its files changes; its images are not its files, so the
-- folders they sit in are stamped too: deleting or adding an image changes the folder's time.
CREATE TABLE source_dirs (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  unit TEXT NOT NULL,
  path TEXT NOT NULL,
  mtime_ms INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, unit, path)
) WITHOUT ROWID;
`,
  },
  {
    version: 11,
    description: "a prediction's per-joint scores",
    sql: `
-- The model's confidence per joint (COCO results' third keypoint value, MMPose's
-- keypoint_scores), float64 in the dataset's joint order; NULL when the file gives none.
ALTER TABLE predictions ADD COLUMN joint_scores BLOB;
`,
  },
  {
    version: 12,
    description: "a skeleton the dataset's own file defines",
    sql: `
-- The definition (JSON: label, joint names, 0-based bones, source file) of a skeleton no built-in
-- layout matched, which datasets.skeleton names as file-<hash>; NULL for a built-in skeleton.
ALTER TABLE datasets ADD COLUMN skeleton_spec TEXT;
`,
  },
  {
    version: 13,
    description: "a person's PCKh head size from the dataset's evaluation file",
    sql: `
-- PCKh's head size (px) where the dataset keeps head boxes apart from its annotation records
-- (MPII: headboxes_src in mpii_gt_val.mat); NULL otherwise. An annotation's own head_size or
-- head_box (in raw) is read as before.
ALTER TABLE instances ADD COLUMN head_size REAL;
`,
  },
  {
    version: 14,
    description: 'what an inference run was asked for, and the frames it covers',
    sql: `
-- The request that made an inference run (JSON: card files, pipeline, boxes, provider, batch
-- size), so the app can resume or start it over as it was asked for; NULL for imports.
ALTER TABLE runs ADD COLUMN request TEXT;
-- The frames an inference run was asked to cover (JSON array of image ids), so it is scored on
-- those and not counted as missing everyone else; NULL for a run over the whole dataset.
ALTER TABLE runs ADD COLUMN scope TEXT;
`,
  },
  {
    version: 15,
    description: 'takes: frames of one sequence and camera, in frame order',
    sql: `
-- A take is the frames of one sequence seen by one camera, ordered by frame index
-- (store/takes/): listing a dataset's takes groups by this index instead of sorting every image,
-- and a take's frames are one range of it (336k Human3.6M-like images in 840 takes: listing the
-- takes with their rates 23 s → 0.24 s, one take's frames 60 → 10 ms).
CREATE INDEX images_takes ON images (dataset_id, sequence, camera, frame);
`,
  },
  {
    version: 16,
    description: 'views of one moment; edits made together',
    sql: `
-- Images of one scene with the same frame index are views of one moment (store/views/): a
-- Human3.6M or Panoptic sequence's cameras, or the sequences a rig file names as one room's
-- cameras. The adapters write it; rows indexed before take their sequence, as the adapters do.
ALTER TABLE images ADD COLUMN scene TEXT;
UPDATE images SET scene = sequence;
CREATE INDEX images_moments ON images (dataset_id, scene, frame);
-- Edits written together (a joint triangulated from several views, written into each view that
-- stores its own labels) share a batch: undo and redo step over the whole batch. NULL: alone.
ALTER TABLE edits ADD COLUMN batch INTEGER;
`,
  },
  {
    version: 17,
    description: 'records kept as the fields the columns cannot give back',
    sql: `
-- 1: raw holds only the fields of the record that the row's columns cannot give back (NULL:
-- none), and readers re-create the others (datasets/residual/): a Human3.6M person's record
-- shrinks from 244 bytes to 17, their image's from 219 to none. 0: raw is the whole record as
-- read, as every row written before this version holds it. Old rows are not rewritten: they
-- read as they did, and a unit's rows shrink when its files are next re-read. Forcing that
-- re-read here would cost a large dataset minutes at its next open and change nothing export
-- writes; and people corrected in PoseScope keep their row through any re-read, so readers
-- must understand both kinds whatever this migration did.
ALTER TABLE images ADD COLUMN raw_residual INTEGER NOT NULL DEFAULT 0;
ALTER TABLE instances ADD COLUMN raw_residual INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cameras ADD COLUMN raw_residual INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    version: 18,
    description: "one copy of a frame's world joints for all of its views",
    sql: `
-- A person's world joints that the files give once for several views of a moment (Human3.6M's
-- four cameras of a frame) are stored once: the first view's row holds them, the others name it
-- in pose_of and keep joints_3d NULL (labels/sharedPose.ts). Readers take
-- coalesce(joints_3d, the holder's); writes to joints_3d first give the rows that share it their
-- own copy, so an edit never reaches a view it was not written to. Rows written before keep
-- their own copies until their files are next re-read.
ALTER TABLE instances ADD COLUMN pose_of INTEGER;
CREATE INDEX instances_pose_of ON instances (pose_of) WHERE pose_of IS NOT NULL;
`,
  },
  {
    version: 19,
    description: 'poses as whole numbers of 10^-d; joint errors as float32',
    sql: `
-- No table changes: blobs written from this version may carry two more tags (db/blobs.ts):
-- 0x38, a pose's short decimals as int32 and int16 offsets from its first point, and 0x32, a
-- person's per-joint errors rounded to float32 where no 3DPCK threshold lies between. The
-- version is raised so that a PoseScope that cannot read them refuses the index by its version,
-- saying to update, instead of calling those blobs damaged. Rows written before read as before.
SELECT 1;
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
