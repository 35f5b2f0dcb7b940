/** A signed millimetre figure with a true minus sign, so +/− columns line up in tabular digits. */
export const signedMm = (v: number): string =>
  `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(0)} mm`;

export const metres = (mm: number): string => `${(mm / 1000).toFixed(2)} m`;
