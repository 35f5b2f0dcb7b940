/** A 2D point in pixels: [u, v]. */
export type Vec2 = readonly [number, number];
/** A 3D point in millimetres: [x, y, z]. */
export type Vec3 = readonly [number, number, number];
/** Row-major 3×3 matrix. */
export type Mat3 = readonly [Vec3, Vec3, Vec3];

/** J joints × 3 (mm). Missing joints carry NaN. */
export type Pose3D = readonly Vec3[];
/** J joints × 2 (px). Missing joints carry NaN. */
export type Pose2D = readonly Vec2[];

/** Axis-aligned box in pixels, COCO convention: [x, y, width, height]. */
export type BBox = readonly [number, number, number, number];
