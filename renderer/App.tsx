import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, EventPayload } from '../contract';
import { useApi, useEvent, usePlatform } from './api/ClientContext';
import { CompareView } from './components/CompareView';
import { Dashboard } from './components/dashboard/Dashboard';
import { FrameGrid } from './components/FrameGrid';
import { FrameView } from './components/FrameView';
import { IndexProgress } from './components/IndexProgress';
import { OpenDataset } from './components/OpenDataset';
import { PeopleTable } from './components/people/PeopleTable';
import { ExportDialog } from './components/ExportDialog';
import { ShortcutSheet } from './components/ShortcutSheet';
import { SkeletonReference } from './components/SkeletonReference';
import { StatusBar } from './components/StatusBar';
import { useKeyboard } from './hooks/useKeyboard';
import { useOpenDataset } from './hooks/useOpenDataset';
import { useDatasetStore, type View } from './state/useDatasetStore';
import { useFramePages } from './state/useFramePages';

const TABS: readonly (readonly [View, string])[] = [
  ['grid', 'Frames'],
  ['people', 'People'],
  ['frame', 'Inspector'],
  ['compare', 'Compare'],
  ['dashboard', 'Metrics'],
  ['skeletons', 'Skeletons'],
];

/** The dataset's frame list, shared by the grid, the inspector and the keyboard. */
function DatasetViews({
  view,
  generation,
  resetKey,
  chooseDataset,
  resetView,
}: {
  view: View;
  generation: number;
  resetKey: number;
  chooseDataset: () => void;
  resetView: () => void;
}) {
  const dataset = useDatasetStore((s) => s.dataset)!;
  const order = useDatasetStore((s) => s.order);
  const { pages, ensure } = useFramePages(dataset.id, order, generation);
  useKeyboard({ total: pages.total, ensure, chooseDataset, resetView });
  if (view === 'frame')
    return <FrameView pages={pages} generation={generation} resetKey={resetKey} />;
  if (view === 'people') return <PeopleTable key={generation} />;
  if (view === 'compare') return <CompareView pages={pages} generation={generation} />;
  return <FrameGrid generation={generation} />;
}

export function App() {
  const api = useApi();
  const platform = usePlatform();
  const open = useOpenDataset();
  const view = useDatasetStore((s) => s.view);
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
          {TABS.map(([v, label]) => (
            <button
              key={v}
              type="button"
              className={view === v ? 'active' : undefined}
              aria-current={view === v ? 'page' : undefined}
              disabled={v !== 'skeletons' && !dataset}
              onClick={() => setView(v)}
            >
              {label}
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
        {view === 'skeletons' ? (
          <SkeletonReference />
        ) : view === 'open' || !dataset ? (
          <OpenDataset info={info} />
        ) : view === 'dashboard' ? (
          <Dashboard />
        ) : (
          <DatasetViews
            view={view}
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
