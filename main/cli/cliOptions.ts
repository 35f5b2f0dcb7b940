import { InvalidArgumentError } from 'commander';

/** A commander option value that must be a whole number ≥ 1. */
export const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`"${v}" is not a positive integer`);
  return n;
};
