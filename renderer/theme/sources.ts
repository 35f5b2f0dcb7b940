/**
 * Colours of prediction runs: none near the ground truth's left blue (#0072B2), right orange
 * (#E69F00) or midline grey, nor the highlight yellow (#F0E442), so a run is never read as a side
 * — green, reddish purple (Okabe–Ito), cyan (Paul Tol), violet and magenta — each bright enough
 * on the dark theme. The test holds them ≥ 100 RGB units from those.
 */
export const RUN_COLORS = ['#2CA02C', '#CC79A7', '#66CCEE', '#9467BD', '#E7298A'] as const;

export const runColor = (index: number): string => RUN_COLORS[index % RUN_COLORS.length]!;
