import type { Joint } from '../../core';
import { jointSide, SIDE_COLORS } from '../../core';

export { SIDE_COLORS };

export const HIGHLIGHT_COLOR = '#F0E442';

export const jointColor = (j: Joint): string => SIDE_COLORS[jointSide(j)];
