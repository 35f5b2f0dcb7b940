import { InvalidArgumentError, type Command } from 'commander';
import { cacheIndexDir } from '../platform/defaultDb';

/** A commander option value that must be a whole number ≥ 1. */
export const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`"${v}" is not a positive integer`);
  return n;
};

/** A commander option value that must be a whole number ≥ 0. */
export const nonNegativeInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`"${v}" is not a whole number ≥ 0`);
  return n;
};

/** A repeatable option whose values may also be comma-separated. */
export const collectList = (v: string, prev: string[]): string[] => [
  ...prev,
  ...v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
];

export const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Said by every command that opens a folder's index, and by serve, which opens the same ones. */
export const indexHelp = `
Index files go in <dir>/indexes with --user-data <dir> or POSESCOPE_USER_DATA,
else in ${cacheIndexDir()}.
serve and start open the same files as index, eval, infer, export, apply-patch
and report given the same --user-data, so a run made in a terminal shows in the
open app.`;

export const USER_DATA = '--user-data <dir>';
export const userDataHelp =
  'keep the index in <dir>/indexes, where the app opened with the same --user-data looks';

/** The options of a command that opens a folder's index: where the index is, the folder's format. */
export const indexOptions = (c: Command): Command =>
  c
    .option('--db <file>', 'index file (default: see Index files below)')
    .option(USER_DATA, userDataHelp)
    .addHelpText('after', indexHelp)
    .option(
      '--format <format>',
      'h36m | mupots | mpi3dhp | panoptic | 3dpw | coco | mpii | images (default: detected)',
    );
