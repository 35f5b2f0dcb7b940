import type { ColumnDef } from '@tanstack/react-table';
import { columnSizingFeature, tableFeatures } from '@tanstack/react-table';
import type { PersonRow } from '../../contract';

export const peopleFeatures = tableFeatures({ columnSizingFeature });

export type PeopleSortKey =
  | 'file'
  | 'mpjpe'
  | 'pa_mpjpe'
  | 'mrpe'
  | 'mrpe_z'
  | 'pck_rel'
  | 'ranking_acc'
  | 'oks'
  | 'pck_2d'
  | 'joint';

const num = (digits: number, unit: string) => (v: unknown) =>
  typeof v === 'number' ? `${v.toFixed(digits)}${unit}` : '—';

interface Spec {
  readonly id: PeopleSortKey | 'group' | 'person';
  readonly header: string;
  readonly width: number;
  readonly format?: (v: unknown) => string;
  readonly is2d?: boolean;
  readonly is3d?: boolean;
}

const SPECS: readonly Spec[] = [
  {
    id: 'file',
    header: 'Frame',
    width: 220,
    format: (v) => String(v).split('/').slice(-2).join('/'),
  },
  { id: 'group', header: 'Group', width: 110 },
  { id: 'person', header: '#', width: 44, format: (v) => String((v as number) + 1) },
  { id: 'mpjpe', header: 'MPJPE', width: 92, format: num(1, ' mm'), is3d: true },
  { id: 'pa_mpjpe', header: 'PA-MPJPE', width: 92, format: num(1, ' mm'), is3d: true },
  { id: 'mrpe', header: 'MRPE', width: 92, format: num(1, ' mm'), is3d: true },
  { id: 'mrpe_z', header: '|z| error', width: 92, format: num(1, ' mm'), is3d: true },
  { id: 'pck_rel', header: '3DPCK', width: 80, format: num(1, ' %'), is3d: true },
  {
    id: 'ranking_acc',
    header: '3D-pose ranking acc.',
    width: 150,
    format: num(1, ' %'),
    is3d: true,
  },
  { id: 'oks', header: 'OKS', width: 70, format: num(3, ''), is2d: true },
  { id: 'pck_2d', header: 'PCK@0.2', width: 80, format: num(1, ' %'), is2d: true },
  { id: 'joint', header: 'Joint error', width: 100, format: num(1, ' mm'), is3d: true },
];

/** One column per metric the dataset's kind has (3D sets: millimetre errors; COCO: OKS, PCK). */
export function peopleColumns(
  is3d: boolean,
  jointName: string | null,
): { specs: Spec[]; columns: ColumnDef<typeof peopleFeatures, PersonRow>[] } {
  const specs = SPECS.filter((s) => (is3d ? !s.is2d : !s.is3d)).filter(
    (s) => s.id !== 'joint' || jointName !== null,
  );
  return {
    specs,
    columns: specs.map((s) => ({
      id: s.id,
      accessorFn: (r: PersonRow) => r[s.id as keyof PersonRow],
      header: s.id === 'joint' ? `${jointName} error` : s.header,
      size: s.width,
      cell: (info) => (s.format ? s.format(info.getValue()) : String(info.getValue() ?? '—')),
    })),
  };
}
