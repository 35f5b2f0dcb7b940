import { MODEL_FAMILIES, OUTPUT_MEANINGS } from '../../contract';

/**
 * What the Add model form knows of a card: its families, output meanings and family params, and
 * reading and writing a field by its dotted path (`inputs.0.size`), the way the main side's
 * check names a problem. The families and meanings come from the contract; the family params
 * mirror main/inference/modelCard.ts for the form's choices only; the main side's check is the judge, and Edit JSON reaches anything not listed here.
 */

export type Card = Readonly<Record<string, unknown>>;

/** The families and output meanings the contract lists (the main side's card schema uses them). */
export const FAMILIES = MODEL_FAMILIES;
export { OUTPUT_MEANINGS };

export const INPUT_SOURCES = ['crop', 'image', 'joints2d', 'ranking'] as const;
export const POSE_NORMALIZE = ['crop', 'screen', 'root', 'pixels'] as const;

export interface ParamSpec {
  readonly key: string;
  readonly label: string;
  readonly kind: 'int' | 'number' | 'bool' | 'select';
  readonly options?: readonly string[];
  /** What the schema assumes when the card leaves it out. */
  readonly fallback?: boolean | string | number;
}

export const FAMILY_PARAMS: Readonly<Record<string, readonly ParamSpec[]>> = {
  heatmap2d: [
    {
      key: 'decode',
      label: 'Decode',
      kind: 'select',
      options: ['argmax', 'soft-argmax'],
      fallback: 'argmax',
    },
    { key: 'quarterOffset', label: 'Quarter-pixel offset', kind: 'bool', fallback: true },
  ],
  volumetric3d: [
    { key: 'depth', label: 'Depth bins', kind: 'int' },
    { key: 'depthRangeMm', label: 'Depth range (mm)', kind: 'number', fallback: 2000 },
  ],
  depthbins: [
    { key: 'bins', label: 'Bins', kind: 'int', fallback: 71 },
    { key: 'alpha', label: 'Alpha', kind: 'number', fallback: 1 },
    { key: 'beta', label: 'Beta', kind: 'number', fallback: 8 },
  ],
  ranking: [
    { key: 'toleranceMm', label: 'Tie tolerance (mm)', kind: 'number', fallback: 100 },
    { key: 'logits', label: 'Outputs are logits', kind: 'bool', fallback: false },
  ],
  lifter: [
    { key: 'unitsPerMm', label: 'Output units per mm', kind: 'number', fallback: 1 },
    { key: 'rootOmitted', label: 'Root joint omitted', kind: 'bool', fallback: false },
  ],
  drm: [
    { key: 'stride', label: 'Stride', kind: 'number' },
    { key: 'threshold', label: 'Threshold', kind: 'number', fallback: 0.3 },
    { key: 'rootDepthIsNormalized', label: 'Root depth normalised', kind: 'bool', fallback: false },
  ],
};

/** An image input's fields, with the values most PyTorch pose nets were trained with. */
export const IMAGE_INPUT = {
  layout: 'NCHW',
  size: [256, 256],
  channels: 'RGB',
  scale: 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
} as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a dotted path, or undefined. */
export function getAt(card: unknown, path: string): unknown {
  let v: unknown = card;
  for (const key of path.split('.')) {
    if (Array.isArray(v)) v = v[Number(key)];
    else if (isObject(v)) v = v[key];
    else return undefined;
  }
  return v;
}

/** A copy with the value at a dotted path replaced; undefined removes the key (the default applies). */
export function setAt(card: unknown, path: string, value: unknown): Card {
  const [key, ...rest] = path.split('.');
  const put = (node: unknown, k: string, tail: string[]): unknown => {
    const child = (n: unknown) => (tail.length === 0 ? value : put(n, tail[0]!, tail.slice(1)));
    if (Array.isArray(node)) {
      const copy = [...node];
      copy[Number(k)] = child(node[Number(k)]);
      return copy;
    }
    const copy: Record<string, unknown> = { ...(isObject(node) ? node : {}) };
    const next = child(copy[k]);
    if (next === undefined) delete copy[k];
    else copy[k] = next;
    return copy;
  };
  return put(card, key!, rest) as Card;
}

/** Whether a problem named `field` belongs beside the control of `path` (it or inside it). */
export const covers = (path: string, field: string): boolean =>
  field === path || field.startsWith(`${path}.`);

export const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
