import { useTable } from '@tanstack/react-table';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage, type ModelEntry } from '../../contract';
import { useApi } from '../data/ClientContext';
import { ErrorNote } from '../ui/ErrorNote';
import { cardLabel, modelColumns, modelFeatures } from './modelColumns';

/**
 * Every installed card, one row each, sortable by its headers. A card that fails validation stays
 * listed with its error; one the user added can be removed (after a confirm).
 */
export function ModelList({
  models,
  chosen,
  dataset,
  userFolder,
  highlight,
  onRemoved,
}: {
  models: readonly ModelEntry[];
  /** The provider `auto` picks here: every card that loads runs on it. */
  chosen: string | null;
  /** The open dataset's name, or null. */
  dataset: string | null;
  userFolder: string;
  /** The file of a card to mark (the one just added). */
  highlight: string | null;
  onRemoved(): void;
}) {
  const api = useApi();
  const columns = useMemo(() => modelColumns(chosen), [chosen]);
  const data = useMemo(() => [...models], [models]);
  const table = useTable({ features: modelFeatures, columns, data, getRowId: (m) => m.file });
  const [removing, setRemoving] = useState<ModelEntry | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const marked = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    marked.current?.scrollIntoView({ block: 'center' });
  }, [highlight, models]);
  const broken = models.filter((m) => !m.loads).length;

  const remove = async (m: ModelEntry) => {
    setBusy(true);
    setError(null);
    try {
      await api.removeModelCard({ file: m.file });
      setRemoving(null);
      onRemoved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const span = columns.length + 1;

  return (
    <section className="models-section" aria-label="Model cards">
      <h2>
        Cards <span className="muted">{models.length}</span>
        {broken > 0 && <span className="model-error"> · {broken} fail validation</span>}
        <span className="muted models-folder" title={userFolder}>
          your cards: {userFolder}
        </span>
      </h2>
      <ErrorNote error={error} />
      <div className="models-table-wrap">
        <table className="models-table" aria-label="Installed model cards">
          <thead>
            <tr>
              {table.getHeaderGroups()[0]!.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <th
                    key={h.id}
                    aria-sort={
                      sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                    }
                  >
                    {h.column.getCanSort() ? (
                      <button
                        type="button"
                        className="sort-head"
                        onClick={h.column.getToggleSortingHandler()}
                      >
                        <table.FlexRender header={h} />
                        {sorted === 'asc' ? ' ↑' : sorted === 'desc' ? ' ↓' : ''}
                      </button>
                    ) : (
                      <table.FlexRender header={h} />
                    )}
                  </th>
                );
              })}
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => {
              const m = row.original;
              const mark = m.file === highlight;
              const cls = [
                mark ? 'added' : '',
                m.loads ? '' : 'broken',
                m.fit && !m.fit.ok ? 'unfit' : '',
              ].filter(Boolean);
              return (
                <Fragment key={row.id}>
                  <tr
                    className={cls.join(' ') || undefined}
                    ref={mark ? marked : undefined}
                    title={m.fit && !m.fit.ok && dataset ? `does not fit ${dataset}` : undefined}
                  >
                    {row.getAllCells().map((c) => (
                      <td key={c.id} className={`col-${c.column.id}`}>
                        <table.FlexRender cell={c} />
                      </td>
                    ))}
                    <td className="col-actions">
                      {m.removable && (
                        <button
                          type="button"
                          className="danger"
                          aria-label={`Remove ${cardLabel(m)}`}
                          onClick={() => setRemoving(m)}
                        >
                          Remove
                        </button>
                      )}
                    </td>
                  </tr>
                  {!m.loads && m.error && (
                    <tr className="model-error-row">
                      <td colSpan={span}>{m.error}</td>
                    </tr>
                  )}
                  {removing?.file === m.file && (
                    <tr className="remove-row">
                      <td colSpan={span}>
                        <div
                          role="alertdialog"
                          aria-label="Remove model"
                          className="remove-confirm"
                        >
                          <span>
                            Remove {cardLabel(m)} from your model folder? Its card and model file
                            are deleted.
                          </span>
                          <button
                            type="button"
                            className="danger"
                            disabled={busy}
                            onClick={() => void remove(m)}
                          >
                            {busy ? 'Removing…' : 'Remove'}
                          </button>
                          {/* Focused, so the question scrolls into view and Enter keeps the card. */}
                          <button type="button" onClick={() => setRemoving(null)} autoFocus>
                            Cancel
                          </button>
                        </div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {models.length === 0 && <p className="muted">No model cards are installed.</p>}
    </section>
  );
}
