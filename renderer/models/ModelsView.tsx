import { useState } from 'react';
import type { ModelCatalog, ModelEntry } from '../../contract';
import { useDatasetStore } from '../data/useDatasetStore';
import { RunDialog } from '../runs/RunDialog';
import { RunsSection } from '../runs/RunsSection';
import { ErrorNote } from '../ui/ErrorNote';
import { AddModelDialog } from './AddModelDialog';
import { ModelList } from './ModelList';
import { PipelineList } from './PipelineList';
import { useModelCatalog } from './useModelCatalog';
import './models.css';

/** Where `auto` runs here, and why each provider before it was passed over (what doctor says). */
function ProviderLine({ catalog }: { catalog: ModelCatalog }) {
  const passed = catalog.providers.filter((p) => !p.available);
  return (
    <p className="models-providers">
      <span>
        <span className="muted">auto runs on </span>
        <strong>{catalog.chosen ?? 'no provider'}</strong>
      </span>
      {catalog.providers
        .filter((p) => p.available && p.name !== catalog.chosen)
        .map((p) => (
          <span key={p.name} className="provider-chip">
            {p.name}: available
          </span>
        ))}
      {passed.map((p) => (
        <span key={p.name} className="provider-chip passed" title={p.error}>
          {/* A provider the binding does not ship (CUDA) comes from the GPU install step. */}
          {p.name}: {p.bundled ? (p.error ?? 'not available') : 'needs npm run gpu:install'}
        </span>
      ))}
    </p>
  );
}

/**
 * The installed cards and named pipelines, with the provider they would run on and whether each
 * fits the open dataset; the runs of that dataset; and the way to run one or add a model.
 */
export function ModelsView() {
  const dataset = useDatasetStore((s) => s.dataset);
  const { catalog, error, reload } = useModelCatalog();
  const [running, setRunning] = useState(false);
  const [adding, setAdding] = useState(false);
  // The card just saved, marked in the list so the user sees where it went.
  const [added, setAdded] = useState<string | null>(null);
  const onSaved = (entry: ModelEntry) => {
    setAdding(false);
    setAdded(entry.file);
    reload();
  };
  return (
    <section className="models-view" aria-label="Models">
      <header className="models-head">
        {catalog ? (
          <ProviderLine catalog={catalog} />
        ) : (
          <span className="muted">Reading models…</span>
        )}
        <div className="models-actions">
          <button
            type="button"
            disabled={!dataset || !catalog}
            title={dataset ? undefined : 'open a dataset first'}
            onClick={() => setRunning(true)}
          >
            Run…
          </button>
          <button type="button" onClick={() => setAdding(true)}>
            Add model…
          </button>
        </div>
      </header>
      <ErrorNote error={error} />
      {dataset && <RunsSection />}
      {catalog && (
        <>
          <PipelineList pipelines={catalog.pipelines} skeleton={dataset?.skeleton ?? null} />
          <ModelList
            models={catalog.models}
            chosen={catalog.chosen}
            dataset={dataset?.name ?? null}
            userFolder={catalog.userFolder}
            highlight={added}
            onRemoved={reload}
          />
        </>
      )}
      {running && catalog && dataset && (
        <RunDialog catalog={catalog} onClose={() => setRunning(false)} />
      )}
      {adding && (
        <AddModelDialog
          userFolder={catalog?.userFolder ?? null}
          onClose={() => setAdding(false)}
          onSaved={onSaved}
        />
      )}
    </section>
  );
}
