/**
 * Colours of prediction runs, from the Okabe–Ito set after the two the ground truth uses for
 * left and right: vermillion, bluish green, reddish purple, sky blue, yellow.
 */
export const RUN_COLORS = ['#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#F0E442'] as const;

export const runColor = (index: number): string => RUN_COLORS[index % RUN_COLORS.length]!;
