import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The BlazePose TFLite files inside the npm package `@mediapipe/pose`. The three landmark models
 * are plain files; the detector is packed into `pose_solution_packed_assets.data`, at offsets the
 * package's Emscripten loader script lists, so they are read from that script rather than fixed
 * here (a new package version may repack).
 */

export const MEDIAPIPE_PACKAGE = '@mediapipe/pose';
const PACKED_DATA = 'pose_solution_packed_assets.data';
const PACKED_LOADER = 'pose_solution_packed_assets_loader.js';

export interface PackageInfo {
  readonly dir: string;
  readonly version: string;
  readonly license: string;
}

export function mediapipePackage(from: string = import.meta.url): PackageInfo {
  let manifest: string;
  try {
    manifest = createRequire(from).resolve(`${MEDIAPIPE_PACKAGE}/package.json`);
  } catch {
    throw new Error(
      `${MEDIAPIPE_PACKAGE} is not installed (npm install): the BlazePose models come from it`,
    );
  }
  const json = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string; license: string };
  return { dir: dirname(manifest), version: json.version, license: json.license };
}

interface PackedFile {
  readonly filename: string;
  readonly start: number;
  readonly end: number;
}

/** The `loadPackage({...})` metadata the loader script ends with. */
export function packedFiles(loaderSource: string, loaderFile: string): PackedFile[] {
  const m = /loadPackage\((\{"files":[\s\S]*?\})\);/.exec(loaderSource);
  if (!m?.[1]) throw new Error(`${loaderFile}: no loadPackage({"files": …}) metadata found`);
  const meta = JSON.parse(m[1]) as { files?: PackedFile[] };
  if (!Array.isArray(meta.files))
    throw new Error(`${loaderFile}: loadPackage metadata has no files`);
  return meta.files;
}

export interface SourceModel {
  /** Where the bytes came from, for cards and error messages (`pkg/file` or `pkg/data#entry`). */
  readonly origin: string;
  readonly bytes: Uint8Array;
}

/** A file packed in the `.data` bundle, by its base name (e.g. `pose_detection.tflite`). */
export function readPacked(pkg: PackageInfo, name: string): SourceModel {
  const loaderFile = join(pkg.dir, PACKED_LOADER);
  const entry = packedFiles(readFileSync(loaderFile, 'utf8'), loaderFile).find(
    (f) => f.filename.split('/').pop() === name,
  );
  if (!entry) throw new Error(`${loaderFile}: ${name} is not among the packed files`);
  const data = readFileSync(join(pkg.dir, PACKED_DATA));
  if (entry.end > data.length || entry.start < 0 || entry.end <= entry.start)
    throw new Error(
      `${join(pkg.dir, PACKED_DATA)}: ${name} spans bytes ${entry.start}–${entry.end} of ${data.length}`,
    );
  return {
    origin: `${MEDIAPIPE_PACKAGE}/${PACKED_DATA}#${entry.filename}`,
    bytes: new Uint8Array(data.buffer, data.byteOffset + entry.start, entry.end - entry.start),
  };
}

export function readPlain(pkg: PackageInfo, name: string): SourceModel {
  const data = readFileSync(join(pkg.dir, name));
  return { origin: `${MEDIAPIPE_PACKAGE}/${name}`, bytes: new Uint8Array(data) };
}
