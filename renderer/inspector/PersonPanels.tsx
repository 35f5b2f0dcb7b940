import type { DatasetInfo, Frame, PersonLabel, PersonPrediction } from '../../contract';
import { getSkeleton } from '../../core';
import type { Artifacts } from '../data/useArtifacts';
import { useDatasetStore } from '../data/useDatasetStore';
import { useToolResult } from '../data/useEdits';
import { useEditStore } from '../data/useEditStore';
import { PERSON_PANELS } from './panelRegistry';

/**
 * The selected person under the primary run, one panel at a time (panelRegistry.ts lists them):
 * the DRPose3D ranking matrices, the HDNet depth-bin distribution, the heatmap controls (the
 * maps themselves are drawn on the image) and the depth profiles.
 */
export function PersonPanels({
  frame,
  dataset,
  person,
  prediction,
  runIndex,
  artifacts,
}: {
  frame: Frame;
  dataset: DatasetInfo;
  person: PersonLabel;
  prediction: PersonPrediction | undefined;
  runIndex: number;
  artifacts: Artifacts | null;
}) {
  const panel = useDatasetStore((s) => s.panel);
  const setPanel = useDatasetStore((s) => s.setPanel);
  const skeleton = getSkeleton(frame.skeleton);
  const editing = useEditStore((s) => s.editing);
  const edit = useToolResult(person);
  const run = prediction
    ? dataset.runs.find((r) => r.id === prediction.runId)
    : dataset.runs[runIndex];
  const noRun =
    dataset.runs.length === 0
      ? 'no prediction run: import predictions or run a model to compare'
      : null;
  const Shown = PERSON_PANELS.find((p) => p.id === panel)?.component;

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
      <div className="panel-body" role="tabpanel">
        {Shown && (
          <Shown
            frame={frame}
            person={person}
            prediction={prediction}
            skeleton={skeleton}
            run={run}
            runIndex={runIndex}
            artifacts={artifacts}
            noRun={noRun}
            correct={editing ? edit : undefined}
          />
        )}
      </div>
    </section>
  );
}
