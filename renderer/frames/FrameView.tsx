import { useEffect, useMemo } from 'react';
import type { Frame } from '../../contract';
import { useRunsArtifacts } from '../data/useArtifacts';
import { PERSON_PANELS, panelRunId } from '../inspector/panelRegistry';
import { useFrame, useFrameCache } from '../data/useFrame';
import { useDatasetStore } from '../data/useDatasetStore';
import { useEditStore } from '../data/useEditStore';
import type { useFramePages } from '../data/useFramePages';
import { EditPanel } from '../edit/EditPanel';
import { AddPersonBar } from '../edit/AddPersonBar';
import { FrameDetails } from './FrameDetails';
import { FrameImage } from './FrameImage';
import { PersonPanels } from '../inspector/PersonPanels';
import { Frame3D } from './Frame3D';
import { Timeline } from './Timeline';
import { ErrorNote } from '../ui/ErrorNote';
import { downloadBlob, fileStem } from '../ui/download';
import { annotatedImagePng } from './annotatedImage';
import { useFrameViews } from '../multiview/useFrameViews';
import { ViewsGrid } from '../multiview/ViewsGrid';
import { ViewsCorrection } from '../multiview/ViewsCorrection';
import { useViewsStore } from '../data/useViewsStore';
import { FailureKeysHint } from './FailureKeysHint';

/** The person the panels follow: the one chosen, else the frame's worst under the primary run. */
function focusPerson(frame: Frame, selected: number | null, runId: number | null): number | null {
  const labelled = new Set(frame.people.map((p) => p.instanceId));
  if (selected !== null && labelled.has(selected)) return selected;
  // Only people still labelled: right after a deletion the scores still name the deleted one.
  const scored = frame.predictions.filter(
    (p) =>
      p.runId === runId && p.instanceId !== null && labelled.has(p.instanceId) && p.mpjpe !== null,
  );
  scored.sort((a, b) => b.mpjpe! - a.mpjpe!);
  return scored[0]?.instanceId ?? frame.people[0]?.instanceId ?? null;
}

/** One frame: image, 3D and the selected person's panels, all for the same people and runs. */
const HEATMAPS_PANEL = PERSON_PANELS.find((p) => p.id === 'heatmaps')!;

const NO_RUNS: readonly number[] = [];

export function FrameView({
  pages,
  generation,
  resetKey,
}: {
  pages: ReturnType<typeof useFramePages>['pages'];
  generation: number;
  resetKey: number;
}) {
  const dataset = useDatasetStore((s) => s.dataset)!;
  const position = useDatasetStore((s) => s.position);
  const selected = useDatasetStore((s) => s.selectedInstance);
  const runId = useDatasetStore((s) => s.order.runId) ?? dataset.runs[0]?.id ?? null;
  const highlight = useDatasetStore((s) => s.highlight);
  const focusImage = useDatasetStore((s) => s.focusImage);
  const editing = useEditStore((s) => s.editing);
  const notice = useDatasetStore((s) => s.notice);
  const sources = useDatasetStore((s) => s.showSources);
  const toggleSource = useDatasetStore((s) => s.toggleSource);
  const imageId = focusImage ?? pages.row(position)?.imageId;
  const { frame: current, error, stale } = useFrame(dataset.id, imageId, generation);
  const cache = useFrameCache();
  // The neighbours in the order are fetched (and their images decoded) while this one is read.
  const prev = focusImage === null ? pages.row(position - 1)?.imageId : undefined;
  const next = focusImage === null ? pages.row(position + 1)?.imageId : undefined;
  useEffect(() => {
    useEditStore.setState({ shownImage: current?.imageId ?? null });
    // The labels after the last edit are on screen: the tools may act on them.
    if (!stale) useEditStore.setState({ busy: false });
  }, [current, stale]);
  useEffect(() => {
    if (stale || current === null) return;
    for (const id of [next, prev]) if (id !== undefined) cache.prefetch(dataset.id, id, generation);
  }, [cache, dataset.id, generation, next, prev, stale, current]);
  // An edit can shrink a filtered list (the corrected person no longer matches it): stay on its
  // last frame rather than past its end.
  useEffect(() => {
    const total = pages.total;
    if (focusImage === null && total !== null && total > 0 && position >= total)
      useDatasetStore.setState({ position: total - 1 });
  }, [pages.total, position, focusImage]);
  const focus = current ? focusPerson(current, selected, runId) : null;
  const runIds = useMemo(() => dataset.runs.map((r) => r.id), [dataset.runs]);
  const byRun = useRunsArtifacts(dataset.id, runIds, focus);
  // The heatmaps drawn on the image are the Heatmaps panel's run's.
  const chosenHeatmapRun = useDatasetStore((s) => s.panelRun.heatmaps);
  const heatmapRun = panelRunId(HEATMAPS_PANEL, runIds, runId, chosenHeatmapRun, byRun);
  const artifacts = heatmapRun === null ? null : (byRun.get(heatmapRun) ?? null);
  const person = current?.people.find((p) => p.instanceId === focus);
  const prediction = current?.predictions.find((p) => p.runId === runId && p.instanceId === focus);
  const joint = useEditStore((s) => s.joint);
  const follow = useViewsStore((s) => s.follow);
  const playing = useDatasetStore((s) => s.playing);
  // Props of the memoised 3D view keep their identity while their content does.
  const highlightJoints = useMemo(() => (highlight ? [...highlight] : undefined), [highlight]);
  const edit = useMemo(
    () => (editing && focus !== null ? { instanceId: focus } : undefined),
    [editing, focus],
  );
  const views = useFrameViews(
    dataset.id,
    current?.imageId,
    generation,
    person?.person ?? null,
    editing ? joint : null,
  );
  return (
    <section className="frame-view" aria-label="Frame inspector">
      <div className="frame-nav muted">
        {focusImage === null
          ? `Frame ${position + 1} of ${pages.total ?? '…'}`
          : 'Opened from a list'}{' '}
        · ←/→ previous/next · <FailureKeysHint dataset={dataset} /> · ? for all keys{' '}
        <button
          type="button"
          className={editing ? 'active edit-toggle' : 'edit-toggle'}
          aria-pressed={editing}
          onClick={() => useEditStore.getState().setEditing()}
          title="E: drag joints on the image, set depths, flip limbs, accept predictions"
        >
          {editing ? 'Done correcting' : 'Correct labels'}
        </button>
        <button
          type="button"
          className="edit-toggle"
          onClick={() => useDatasetStore.getState().fitToPerson()}
          title="F: the inspected person fills the image view (0 shows the whole image again)"
        >
          Fit person
        </button>
        <button
          type="button"
          className="edit-toggle"
          title="Save the image with what is drawn on it, at the image's own resolution (PNG)"
          onClick={(e) => {
            const view = e.currentTarget.closest('.frame-view');
            const overlay = view?.querySelector<SVGSVGElement>('.frame-image svg.overlay');
            if (!overlay || !current) return;
            const photo = view?.querySelector<HTMLImageElement>('.frame-image img') ?? null;
            const [w, h] = [overlay.width.baseVal.value, overlay.height.baseVal.value];
            annotatedImagePng(photo, overlay, w, h).then(
              (b) => downloadBlob(`${fileStem(current.file)}-annotated.png`, b),
              (err: unknown) =>
                useDatasetStore.setState({ notice: `cannot save the image: ${String(err)}` }),
            );
          }}
        >
          Save image
        </button>
        <button
          type="button"
          className={views.open ? 'active edit-toggle' : 'edit-toggle'}
          aria-pressed={views.open}
          onClick={() => useViewsStore.getState().toggle()}
          title="V: this moment from every calibrated camera, the world pose projected into each; with Correct labels, place a joint in several views to triangulate it"
        >
          Views
        </button>
        {views.moment && (
          <label className="check">
            <input
              type="checkbox"
              checked={follow}
              onChange={(e) => useViewsStore.getState().setFollow(e.target.checked)}
            />{' '}
            follow person
          </label>
        )}
        {views.open && views.moment === null && (
          <span className="muted">
            {' '}
            {views.error ?? 'this frame has no other calibrated view of its moment'}
          </span>
        )}
        {/* G and P hide a source everywhere the frame is drawn; say so, and let a click undo it. */}
        {!sources.gt && (
          <button type="button" className="hidden-chip" onClick={() => toggleSource('gt')}>
            ground truth hidden (G)
          </button>
        )}
        {!sources.runs && (
          <button type="button" className="hidden-chip" onClick={() => toggleSource('runs')}>
            predictions hidden (P)
          </button>
        )}
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorNote error={error} />
      {current ? (
        <div
          className={`frame-body${stale && !playing ? ' stale' : ''}${views.moment ? ' with-views' : ''}`}
          aria-busy={stale}
        >
          {views.moment ? (
            <ViewsGrid
              moment={views.moment}
              runs={dataset.runs}
              focus={person?.person ?? null}
              correction={views.correction}
            />
          ) : (
            <FrameImage
              frame={current}
              runs={dataset.runs}
              resetKey={resetKey}
              focus={focus}
              artifacts={artifacts}
            />
          )}
          <div className="frame-3d-cell">
            <Frame3D
              frame={current}
              runs={dataset.runs}
              showGroundTruth={sources.gt}
              focus={focus}
              visibleRuns={sources.runs ? undefined : NO_RUNS}
              highlightJoints={highlightJoints}
              edit={edit}
              rig={views.rig}
            />
          </div>
          <aside className="frame-side">
            <FrameDetails frame={current} dataset={dataset} selected={focus} />
            {editing && <AddPersonBar frame={current} dataset={dataset} runId={runId} />}
            {views.moment && views.correction && (
              <ViewsCorrection moment={views.moment} correction={views.correction} />
            )}
            {editing && person && (
              <EditPanel
                frame={current}
                dataset={dataset}
                person={person}
                prediction={prediction}
              />
            )}
            {person ? (
              <PersonPanels
                frame={current}
                dataset={dataset}
                person={person}
                primaryRunId={runId}
                byRun={byRun}
              />
            ) : null}
          </aside>
        </div>
      ) : (
        !error && <p className="muted loading">Loading frame…</p>
      )}
      <Timeline
        dataset={dataset}
        imageId={imageId}
        runId={runId}
        generation={generation}
        shown={current !== null && !stale}
      />
    </section>
  );
}
