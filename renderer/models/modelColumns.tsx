import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  tableFeatures,
} from '@tanstack/react-table';
import type { ModelEntry } from '../../contract';
import { fitText } from './PipelineList';

export const modelFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric },
});
const helper = createColumnHelper<typeof modelFeatures, ModelEntry>();

/** A broken card may have no name: its file's name stands in. */
export const cardLabel = (m: ModelEntry): string => m.name ?? m.file.split(/[\\/]/).pop() ?? m.file;

/** How many accuracy figures show before the rest fold away (some cards list dozens). */
const SHOWN = 4;

type AccuracyEntry = ModelEntry['accuracy'][number];

/** Figures under their dataset: cards list many figures of one or two evaluation sets. */
function AccuracyGroups({ entries }: { entries: readonly AccuracyEntry[] }) {
  const groups: { dataset: string; entries: AccuracyEntry[] }[] = [];
  for (const a of entries) {
    const last = groups[groups.length - 1];
    if (last?.dataset === a.dataset) last.entries.push(a);
    else groups.push({ dataset: a.dataset, entries: [a] });
  }
  return groups.map((g, i) => (
    <div key={i} className="acc-group">
      <span className="acc-dataset" title={g.dataset}>
        {g.dataset}
      </span>
      {g.entries.map((a, k) => (
        <span key={k} className="acc-chip" title={`${a.dataset} · ${a.metric} ${a.value}`}>
          {a.metric} <strong>{Number(a.value.toPrecision(4))}</strong>
        </span>
      ))}
    </div>
  ));
}

function Accuracy({ entries }: { entries: ModelEntry['accuracy'] }) {
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <div className="acc-chips">
      <AccuracyGroups entries={entries.slice(0, SHOWN)} />
      {entries.length > SHOWN && (
        <details>
          <summary>{entries.length - SHOWN} more</summary>
          <AccuracyGroups entries={entries.slice(SHOWN)} />
        </details>
      )}
    </div>
  );
}

/** Long text cut to one line, whole on hover and when opened. */
function LongText({ text, muted = false }: { text: string | null; muted?: boolean }) {
  if (!text) return <span className="muted">—</span>;
  return (
    <details className={muted ? 'long-text muted' : 'long-text'}>
      <summary title={text}>{text}</summary>
      <p>{text}</p>
    </details>
  );
}

/** The cards table's columns; every card that loads runs on `chosen`, the provider auto picks. */
export function modelColumns(chosen: string | null) {
  return helper.columns([
    helper.accessor((m) => cardLabel(m), {
      id: 'name',
      header: 'Card',
      cell: (c) => (
        <span className="card-name" title={c.row.original.description ?? c.row.original.file}>
          {c.getValue()}
        </span>
      ),
    }),
    helper.accessor((m) => m.family ?? '', { id: 'family', header: 'Family' }),
    helper.accessor((m) => m.skeleton ?? '', { id: 'skeleton', header: 'Skeleton' }),
    helper.accessor((m) => (m.fit ? (m.fit.ok ? 0 : 1) : 2), {
      id: 'fit',
      header: 'Fits dataset',
      cell: (c) => {
        const { fit, loads } = c.row.original;
        // A broken card's fit is its error, shown whole on the row beneath.
        if (!loads) return <span className="fit broken">fails validation</span>;
        return fit ? (
          <span className={fit.ok ? 'fit ok' : 'fit no'}>{fitText(fit)}</span>
        ) : (
          <span className="muted">no dataset open</span>
        );
      },
    }),
    helper.accessor(
      (m) =>
        m.inputSize
          ? `${m.inputSize[0]}×${m.inputSize[1]}`
          : m.inputs.map((i) => i.source).join(', '),
      {
        id: 'input',
        header: 'Input',
        enableSorting: false,
        cell: (c) => (
          <span
            title={[
              ...c.row.original.inputs.map((i) => `in ${i.name}: ${i.source}`),
              ...c.row.original.outputs.map((o) => `out ${o.name}: ${o.meaning}`),
            ].join('\n')}
          >
            {c.getValue() || '—'}
          </span>
        ),
      },
    ),
    helper.display({
      id: 'provider',
      header: 'Runs on',
      cell: (c) => (c.row.original.loads ? (chosen ?? 'no provider') : '—'),
    }),
    helper.display({
      id: 'accuracy',
      header: 'Accuracy',
      cell: (c) => <Accuracy entries={c.row.original.accuracy} />,
    }),
    helper.display({
      id: 'license',
      header: 'Licence · provenance',
      cell: (c) => (
        <>
          <LongText text={c.row.original.license} />
          <LongText text={c.row.original.provenance} muted />
        </>
      ),
    }),
    helper.accessor('origin', {
      header: 'Origin',
      cell: (c) => <span className="origin-badge">{c.getValue()}</span>,
    }),
  ]);
}
