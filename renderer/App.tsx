import { Suspense, useCallback, useEffect, useState, type ComponentType } from 'react';
import type { AppInfo, EventPayload } from '../contract';
import { useApi, useEvent, usePlatform } from './data/ClientContext';
import { useOpenDataset } from './data/useOpenDataset';
import { useDatasetStore } from './data/useDatasetStore';
import { useFramePages } from './data/useFramePages';
import { ExportDialog } from './shell/ExportDialog';
import { IndexProgress } from './shell/IndexProgress';
import { OpenDataset } from './shell/OpenDataset';
import { ShortcutSheet } from './shell/ShortcutSheet';
import { StatusBar } from './shell/StatusBar';
import { useKeyboard } from './shell/useKeyboard';
import { VIEWS, preloadViews, viewEntry, type FramesViewProps } from './views';

/** The dataset's frame list, shared by the grid, the inspector and the keyboard. */
function DatasetViews({
  view: Shown,
  generation,
  resetKey,
  chooseDataset,
  resetView,
}: {
  view: ComponentType<FramesViewProps>;
  generation: number;
  resetKey: number;
  chooseDataset: () => void;
  resetView: () => void;
}) {
  const dataset = useDatasetStore((s) => s.dataset)!;
  const order = useDatasetStore((s) => s.order);
  const { pages, ensure } = useFramePages(dataset.id, order, generation);
  useKeyboard({ total: pages.total, ensure, chooseDataset, resetView });
  return (
    <Suspense fallback={<ViewLoading />}>
      <Shown pages={pages} generation={generation} resetKey={resetKey} />
    </Suspense>
  );
}

/** While a view's code loads (the first time it is opened, before the preload has it). */
function ViewLoading() {
  return <p className="muted loading">Loading…</p>;
}

export function App() {
  const api = useApi();
  const platform = usePlatform();
  const open = useOpenDataset();
  const view = useDatasetStore((s) => s.view);
  const entry = viewEntry(view);
  const dataset = useDatasetStore((s) => s.dataset);
  const setView = useDatasetStore((s) => s.setView);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const generation = useDatasetStore((s) => s.generation);
  const [resetKey, setResetKey] = useState(0);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    void api.appInfo().then((i) => {
      setInfo(i);
      if (i.startDataset && !useDatasetStore.getState().dataset)
        void open(i.startDataset, { auto: true });
    });
  }, [api, open]);

  // A dataset's first screen is up: fetch the other views' code while the user looks at it
  // (a second later and when idle, so parsing it never delays the grid's first thumbnails).
  const hasDataset = dataset !== null;
  useEffect(() => {
    if (!hasDataset) return;
    const idle = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 0));
    const t = window.setTimeout(() => idle(() => preloadViews()), 1000);
    return () => window.clearTimeout(t);
  }, [hasDataset]);

  const chooseDataset = useCallback(() => {
    if (platform.pickFolder) void platform.pickFolder().then((p) => (p ? open(p) : undefined));
    else setView('open');
  }, [platform, open, setView]);
  const resetView = useCallback(() => setResetKey((k) => k + 1), []);

  useEvent(
    'shellCommand',
    useCallback(
      (c: EventPayload<'shellCommand'>) => {
        if (c.command === 'chooseDataset') chooseDataset();
        else if (c.command === 'openPath' && c.path) void open(c.path);
        else useDatasetStore.getState().toggleShortcuts(true);
      },
      [chooseDataset, open],
    ),
  );
  useEvent(
    'datasetChanged',
    useCallback(
      (e: EventPayload<'datasetChanged'>) => {
        if (e.datasetId !== useDatasetStore.getState().dataset?.id) return;
        void api.datasetInfo({ datasetId: e.datasetId }).then((d) => {
          const s = useDatasetStore.getState();
          s.setDataset(d);
          // Indexing that went on after the folder was shown has ended.
          if (!d.indexing && s.progress?.path === d.root) s.setProgress(null);
          s.bumpGeneration();
        });
      },
      [api],
    ),
  );

  return (
    <div className="app">
      <header className="topbar">
        <h1>
          PoseScope <span className="version">v{__APP_VERSION__}</span>
        </h1>
        {dataset && (
          <span className="dataset-name" title={dataset.root}>
            {dataset.name}
          </span>
        )}
        <nav className="tabs" aria-label="Views">
          {VIEWS.map(({ id, title, needs }) => (
            <button
              key={id}
              type="button"
              className={view === id ? 'active' : undefined}
              aria-current={view === id ? 'page' : undefined}
              disabled={needs !== 'nothing' && !dataset}
              onClick={() => setView(id)}
            >
              {title}
            </button>
          ))}
        </nav>
        {dataset && (
          <button type="button" className="open-button" onClick={() => setExporting(true)}>
            Export…
          </button>
        )}
        <button type="button" className="open-button" onClick={() => setView('open')}>
          Open dataset…
        </button>
        <button
          type="button"
          className="help-button"
          aria-label="Keyboard shortcuts"
          onClick={() => useDatasetStore.getState().toggleShortcuts()}
        >
          ?
        </button>
      </header>
      <IndexProgress />
      <main className="content">
        {entry?.needs === 'nothing' ? (
          <Suspense fallback={<ViewLoading />}>
            <entry.component />
          </Suspense>
        ) : !entry || !dataset ? (
          <OpenDataset info={info} />
        ) : entry.needs === 'dataset' ? (
          <Suspense fallback={<ViewLoading />}>
            <entry.component />
          </Suspense>
        ) : (
          <DatasetViews
            view={entry.component}
            generation={generation}
            resetKey={resetKey}
            chooseDataset={chooseDataset}
            resetView={resetView}
          />
        )}
      </main>
      <StatusBar />
      <ShortcutSheet />
      {exporting && dataset && (
        <ExportDialog dataset={dataset} onClose={() => setExporting(false)} />
      )}
    </div>
  );
}
