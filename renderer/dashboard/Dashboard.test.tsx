import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { DatasetInfo, PoseScopeClient, RunInfo } from '../../contract';
import { ShellProvider } from '../data/ClientContext';
import { tags, text } from '../testing/testMarkup';
import { Dashboard, NO_RUNS } from './Dashboard';
import { run, summary2d, summary3d } from './dashboardFixtures';

// Server rendering reads a zustand store's initial state, so the store is a plain selector here.
const store = vi.hoisted(() => ({ state: {} as Record<string, unknown> }));
vi.mock('../data/useDatasetStore', () => ({
  useDatasetStore: (select: (s: unknown) => unknown) =>
    select({ setOrder: () => {}, setView: () => {}, openImage: () => {}, ...store.state }),
}));

// Server rendering runs no effects, so nothing here ever calls the client.
const client = { api: {}, on: () => () => undefined } as unknown as PoseScopeClient;

function dataset(format: DatasetInfo['format'], runs: RunInfo[]): DatasetInfo {
  return {
    id: 1,
    root: '/data/x',
    name: 'x',
    format,
    skeleton: format === 'coco' ? 'coco17' : 'mupots17',
    skeletonSpec: null,
    images: 10,
    people: 20,
    cameras: 1,
    flagged: 0,
    missingImages: 0,
    runs,
    issues: [],
    failed: [],
    indexing: false,
  };
}

function render(d: DatasetInfo | null, primary: number | null = null): string {
  store.state = { dataset: d, order: { runId: primary } };
  return renderToStaticMarkup(
    <ShellProvider shell={{ client, platform: {} }}>
      <Dashboard />
    </ShellProvider>,
  );
}

describe('Dashboard', () => {
  it('says how to get a run when the dataset has none with predictions', () => {
    expect(text(render(dataset('mupots', [])))).toContain(NO_RUNS);
    const empty = { ...run(1, 'empty', null), predictions: 0 };
    expect(text(render(dataset('mupots', [empty])))).toContain(NO_RUNS);
  });

  it('shows a 3D dataset’s runs in the summary, group and joint tables, charts loading', () => {
    const html = render(
      dataset('mupots', [run(1, 'baseline', summary3d(32.7)), run(2, 'rootnet', summary3d(40))]),
      2,
    );
    const t = text(html);
    expect(t).toContain('Set figures');
    expect(t).toContain('AP25');
    expect(t).toContain('138 / 140');
    expect(t).toContain('Per sequence');
    expect(t).toContain('Per joint');
    expect(t).toContain('MPJPE per sequence');
    expect(t).toContain('loading…');
    // Both runs ticked by default; the primary run marked.
    const boxes = tags(html, 'input').filter((i) => i.type === 'checkbox');
    expect(boxes).toHaveLength(2);
    expect(boxes.every((b) => b.checked !== undefined)).toBe(true);
    expect(tags(html, 'tr').filter((r) => r.class === 'primary')).toHaveLength(1);
  });

  it('shows COCO’s keys and its OKS distribution, and no 3D charts, for a 2D dataset', () => {
    const t = text(render(dataset('coco', [run(3, 'hrnet', summary2d)]), 3));
    expect(t).toContain('AP75');
    // COCO's one group, "(none)", only repeats the set figure.
    expect(t).not.toContain('per sequence');
    expect(t).toContain('a 2D set');
    // The summary fixture has no per-joint rows; the OKS histogram is the only chart.
    expect(t).not.toContain('Per joint');
    expect(t).toContain('OKS distribution');
    expect(t).not.toContain('3DPCK by threshold');
    expect(t).not.toContain('MPJPE');
  });

  it('shows the temporal figures per take when a run has them, and not otherwise', () => {
    const temporal = summary3d(32.7, {
      MPJVE: 52.3,
      accel_error: 96.1,
      per_take: [
        { take: 'TS2', frames: 30, MPJVE: 50.5, accel_error: 90.25 },
        { take: 'TS1', frames: 30, MPJVE: 54.1, accel_error: 101.9 },
      ],
    });
    const html = render(dataset('mupots', [run(1, 'baseline', temporal)]), 1);
    const t = text(html);
    expect(t).toContain('Per take');
    expect(t).toContain('MPJVE');
    // Takes in natural order, each run's two figures.
    const table = t.slice(t.indexOf('Per take'));
    expect(table.indexOf('TS1')).toBeLessThan(table.indexOf('TS2'));
    expect(t).toContain('54.1');
    expect(t).toContain('90.3');
    expect(text(render(dataset('mupots', [run(1, 'b', summary3d(30))]), 1))).not.toContain(
      'Per take',
    );
  });

  it('says which figures a run without 3D figures has', () => {
    const t = text(
      render(dataset('mupots', [run(4, 'openpose', { MPJPE: null, matched: 5, instances: 9 })])),
    );
    expect(t).toContain('openpose has no 3D figures (it matched 5 of 9 people)');
  });
});
