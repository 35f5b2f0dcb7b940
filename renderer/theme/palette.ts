import type { Joint } from '../../core';
import { jointSide } from '../../core';

/**
 * Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"), distinguishable with every
 * common colour-vision deficiency: the person's left blue, right orange, midline light grey.
 */
export const SIDE_COLORS = {
  left: '#0072B2',
  right: '#E69F00',
  center: '#D0D4D9',
} as const;

export const HIGHLIGHT_COLOR = '#F0E442';

export const jointColor = (j: Joint): string => SIDE_COLORS[jointSide(j)];
