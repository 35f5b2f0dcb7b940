import type { DatasetInfo, Frame, PersonLabel } from '../../contract';
import { getSkeleton } from '../../core';
import type { Artifacts } from '../data/useArtifacts';
import { useDatasetStore } from '../data/useDatasetStore';
import { useToolResult } from '../data/useEdits';
import { useEditStore } from '../data/useEditStore';
import { PERSON_PANELS, panelRunId, type PersonPanelEntry } from './panelRegistry';

/**
 * The selected person, one panel at a time (panelRegistry.ts lists them): the DRPose3D ranking
 * matrices, the HDNet depth-bin distribution, the heatmap controls (the maps themselves are drawn
 * on the image), the depth profiles and the joints table. Each panel shows one run — the user's
 * pick, else the first run that stored the panel's model output — and names it.
 */
export function PersonPanels({
  frame,
  dataset,
  person,
  primaryRunId,
  byRun,
}: {
  frame: Frame;
  dataset: DatasetInfo;
  person: PersonLabel;
  primaryRunId: number | null;
  byRun: ReadonlyMap<number, Artifacts | null>;
}) {
  const panel = useDatasetStore((s) => s.panel);
  const setPanel = useDatasetStore((s) => s.setPanel);
  const chosen = useDatasetStore((s) => s.panelRun[panel]);
  const setPanelRun = useDatasetStore((s) => s.setPanelRun);
  const skeleton = getSkeleton(frame.skeleton);
  const editing = useEditStore((s) => s.editing);
  const edit = useToolResult(person);
  const entry: PersonPanelEntry = PERSON_PANELS.find((p) => p.id === panel) ?? PERSON_PANELS[0];
  const runIds = dataset.runs.map((r) => r.id);
  const runId = panelRunId(entry, runIds, primaryRunId, chosen, byRun);
  const runIndex = Math.max(0, runIds.indexOf(runId ?? -1));
  const run = dataset.runs[runIndex];
  const prediction = frame.predictions.find(
    (p) => p.runId === runId && p.instanceId === person.instanceId,
  );
  const noRun =
    dataset.runs.length === 0
      ? 'no prediction run: import predictions or run a model to compare'
      : null;
  const Shown = entry.component;
  const needs = entry.needs;
  const lacks = (id: number) =>
    needs !== undefined && byRun.has(id) && !byRun.get(id)?.byKind.has(needs);

  return (
    <section className="person-panels" aria-label="Person panels">
      <div className="panel-tabs" role="tablist">
        {PERSON_PANELS.map(({ id, title }) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={panel === id}
            className={panel === id ? 'active' : undefined}
            onClick={() => setPanel(id)}
          >
            {title}
          </button>
        ))}
      </div>
      {dataset.runs.length > 1 && runId !== null && (
        <label className="panel-run">
          Run
          <select
            aria-label="Run shown in this panel"
            value={runId}
            onChange={(e) => setPanelRun(panel, Number(e.target.value))}
          >
            {dataset.runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
                {lacks(r.id) ? ` (no ${entry.needsLabel ?? 'output'})` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="panel-body" role="tabpanel">
        <Shown
          frame={frame}
          person={person}
          prediction={prediction}
          skeleton={skeleton}
          run={run}
          runIndex={runIndex}
          artifacts={runId === null ? null : (byRun.get(runId) ?? null)}
          noRun={noRun}
          correct={editing ? edit : undefined}
        />
      </div>
    </section>
  );
}
