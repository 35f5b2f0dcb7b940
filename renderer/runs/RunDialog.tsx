import { useEffect, useMemo, useState } from 'react';
import { errorMessage, type ModelCatalog, type RunFrames } from '../../contract';
import { useApi } from '../data/ClientContext';
import { frameOrderArgs } from '../data/useFramePages';
import { useDatasetStore } from '../data/useDatasetStore';
import { ErrorNote } from '../ui/ErrorNote';
import { CardChain } from './CardChain';
import { parseServers, REMOTE, ServerFields } from './ServerFields';
import { useFrameScopes, type FrameScope } from './useFrameScopes';

type Boxes = 'auto' | 'gt' | 'detector';
const CHAIN = '\u0000cards';

/** The run name the main side picks when none is typed (it then adds -2, -3 if taken). */
function defaultName(pipeline: string | null, chain: readonly string[]): string {
  if (pipeline) return pipeline;
  const [first] = chain;
  if (!first) return '';
  return chain.length === 1 ? first : `${first}+${chain.length - 1}`;
}

/**
 * Run… : a named pipeline or cards in order on the open dataset — only those that fit its
 * skeleton are offered (others greyed, with why) — with the boxes, provider, batch size, run name
 * and frames (all, the frames the current filter shows, or the open frame) to run on.
 */
export function RunDialog({ catalog, onClose }: { catalog: ModelCatalog; onClose(): void }) {
  const api = useApi();
  const dataset = useDatasetStore((s) => s.dataset)!;
  const fitting = catalog.pipelines.filter((p) => p.fit?.ok);
  // Offered first: a pipeline whose cards are all made for the dataset's skeleton (those that map
  // another skeleton's joints onto it lose joints the dataset labels).
  const own = fitting.find((p) =>
    (p.cards[dataset.skeleton] ?? []).every(
      (c) => catalog.models.find((m) => m.name === c)?.skeleton === dataset.skeleton,
    ),
  );
  const [choice, setChoice] = useState<string>((own ?? fitting[0])?.name ?? CHAIN);
  const [chain, setChain] = useState<string[]>([]);
  const [boxes, setBoxes] = useState<Boxes>('auto');
  const [provider, setProvider] = useState('auto');
  const [batch, setBatch] = useState('');
  const [servers, setServers] = useState(catalog.servers.urls.join(', '));
  const [inflight, setInflight] = useState('');
  const [name, setName] = useState('');
  const [scope, setScope] = useState<FrameScope['kind']>('filter');
  const scopes = useFrameScopes(dataset.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const pipeline = choice === CHAIN ? null : choice;
  const chosen = catalog.pipelines.find((p) => p.name === pipeline);
  const cardNames = useMemo(
    () => (pipeline ? (chosen?.cards[dataset.skeleton] ?? []) : chain),
    [pipeline, chosen, chain, dataset.skeleton],
  );
  const hasDetector = cardNames.some(
    (c) => catalog.models.find((m) => m.name === c)?.family === 'blazepose-detector',
  );
  const remote = provider === REMOTE ? parseServers(servers, inflight) : null;
  const problem = remote && 'problem' in remote ? remote.problem : null;
  const ready = (pipeline !== null || chain.length > 0) && problem === null;
  const shownScope = scopes.find((s) => s.kind === scope);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const order = useDatasetStore.getState().order;
      const frames: RunFrames =
        scope === 'all'
          ? { kind: 'all' }
          : scope === 'frame' && shownScope?.imageId !== undefined
            ? { kind: 'images', imageIds: [shownScope.imageId] }
            : {
                kind: 'filter',
                filter: frameOrderArgs(dataset.id, order).filter,
                runId: order.runId,
              };
      const size = Number.parseInt(batch, 10);
      await api.startInference({
        datasetId: dataset.id,
        ...(pipeline ? { pipeline } : { cards: chain }),
        boxes: hasDetector ? boxes : 'auto',
        provider: provider === REMOTE ? 'auto' : provider,
        ...(remote && 'remote' in remote ? { remote: remote.remote } : {}),
        ...(Number.isFinite(size) && size > 0 ? { batchSize: size } : {}),
        ...(name.trim() ? { runName: name.trim() } : {}),
        frames,
      });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div
        className="sheet run-sheet"
        role="dialog"
        aria-label="Run a model"
        onClick={(e) => e.stopPropagation()}
      >
        <button type="button" className="sheet-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
        <h2>Run on {dataset.name}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <label className="wide">
            Pipeline
            <select
              aria-label="Pipeline"
              value={choice}
              onChange={(e) => setChoice(e.target.value)}
            >
              <optgroup label="Named pipelines">
                {catalog.pipelines.map((p) => (
                  <option key={p.name} value={p.name} disabled={!p.fit?.ok}>
                    {p.name}
                    {p.fit?.ok ? '' : ` — ${p.fit?.reason ?? p.error ?? 'does not fit'}`}
                  </option>
                ))}
              </optgroup>
              <option value={CHAIN}>Cards, in the order I pick…</option>
            </select>
          </label>
          {pipeline ? (
            <p className="muted run-cards">
              {cardNames.join(' → ')}
              {chosen?.description ? ` · ${chosen.description}` : ''}
            </p>
          ) : (
            <CardChain models={catalog.models} chain={chain} onChange={setChain} />
          )}
          <div className="run-grid">
            <label>
              Boxes
              <select
                aria-label="Boxes"
                value={hasDetector ? boxes : 'auto'}
                disabled={!hasDetector}
                title={
                  hasDetector ? undefined : 'only pipelines with a person detector choose boxes'
                }
                onChange={(e) => setBoxes(e.target.value as Boxes)}
              >
                <option value="auto">auto (labelled boxes, detector where none)</option>
                <option value="gt">labelled boxes</option>
                <option value="detector">detector</option>
              </select>
            </label>
            <label>
              Provider
              <select
                aria-label="Provider"
                value={provider}
                onChange={(e) => setProvider(e.target.value)}
              >
                <option value="auto">auto ({catalog.chosen ?? 'none available'})</option>
                {catalog.providers.map((p) => (
                  <option key={p.name} value={p.name} disabled={!p.available}>
                    {p.name}
                    {p.available ? '' : ` — ${p.error ?? 'not available'}`}
                  </option>
                ))}
                <option value={REMOTE}>inference servers…</option>
              </select>
            </label>
            <label>
              Batch size
              <input
                aria-label="Batch size"
                inputMode="numeric"
                value={batch}
                placeholder="16"
                onChange={(e) => setBatch(e.target.value.replace(/\D/g, ''))}
              />
            </label>
            <label>
              Run name
              <input
                aria-label="Run name"
                value={name}
                maxLength={80}
                placeholder={defaultName(pipeline, chain) || 'named after the pipeline'}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
          </div>
          {provider === REMOTE && (
            <ServerFields
              configured={catalog.servers.urls}
              settingsError={catalog.servers.error}
              servers={servers}
              inflight={inflight}
              problem={problem}
              onServers={setServers}
              onInflight={setInflight}
            />
          )}
          <fieldset className="run-frames">
            <legend>Frames</legend>
            {scopes.map((s) => (
              <label key={s.kind} className="check" title={s.disabled ?? undefined}>
                <input
                  type="radio"
                  name="frames"
                  checked={scope === s.kind}
                  disabled={s.disabled !== null}
                  onChange={() => setScope(s.kind)}
                />
                {s.label}
              </label>
            ))}
          </fieldset>
          <div className="sheet-actions">
            <button type="submit" disabled={busy || !ready}>
              {busy ? 'Starting…' : 'Run'}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
        <ErrorNote error={error} />
      </div>
    </div>
  );
}
