import { useMemo, useState } from 'react';
import type { DatasetInfo } from '../../contract';
import { useDatasetStore } from '../data/useDatasetStore';
import { runColor } from '../theme/sources';
import { DistributionCharts, GroupBars } from './DashboardCharts';
import { GroupTable } from './GroupTable';
import { PerJointTable } from './PerJointTable';
import { PerTakeTable } from './PerTakeTable';
import { PROTOCOL_CHOICES, type ProtocolId } from './protocolRows';
import { ProtocolView } from './ProtocolView';
import { RunPicker } from './RunPicker';
import { Segmented } from '../ui/Segmented';
import { SummaryTable } from './SummaryTable';
import { datasetKind, type ShownRun } from './summaryRows';
import { GROUP_METRICS, groupTable, type GroupMetric } from './tables';
import './dashboard.css';

export const NO_RUNS = 'no prediction runs yet: import a prediction file or run a model';

/**
 * The open dataset's runs compared: set figures, error distributions, per-group and per-joint
 * tables; chart clicks filter the frame grid or open a frame.
 */
export function Dashboard() {
  const dataset = useDatasetStore((s) => s.dataset);
  if (!dataset)
    return (
      <div className="dashboard">
        <p className="dash-empty">open a dataset to see its runs’ figures</p>
      </div>
    );
  // A new dataset starts from its own default selection.
  return <DatasetDashboard key={dataset.id} dataset={dataset} />;
}

function DatasetDashboard({ dataset }: { readonly dataset: DatasetInfo }) {
  const primaryId = useDatasetStore((s) => s.order.runId);
  const setOrder = useDatasetStore((s) => s.setOrder);
  const setView = useDatasetStore((s) => s.setView);
  const kind = datasetKind(dataset.format);
  // Runs the user unticked, so a run imported while the tab is open shows up ticked.
  const [dropped, setDropped] = useState<ReadonlySet<number>>(new Set());
  const [metric, setMetric] = useState<GroupMetric>(GROUP_METRICS[kind][0]!.key);
  const [protocol, setProtocol] = useState<ProtocolId | 'all'>('all');

  const chosen = useMemo(
    () =>
      new Set(dataset.runs.filter((r) => r.predictions > 0 && !dropped.has(r.id)).map((r) => r.id)),
    [dataset.runs, dropped],
  );
  // Colours follow the run's place in the dataset, as in the inspector, not in the selection.
  const shown = useMemo(
    (): ShownRun[] =>
      dataset.runs.flatMap((run, i) => (chosen.has(run.id) ? [{ run, color: runColor(i) }] : [])),
    [dataset.runs, chosen],
  );
  const metricInfo = GROUP_METRICS[kind].find((m) => m.key === metric) ?? GROUP_METRICS[kind][0]!;
  const groups = useMemo(() => groupTable(shown, metricInfo.key), [shown, metricInfo.key]);

  if (!dataset.runs.some((r) => r.predictions > 0))
    return (
      <div className="dashboard">
        <p className="dash-empty">{NO_RUNS}</p>
      </div>
    );

  const toggle = (runId: number) =>
    setDropped((d) => {
      const next = new Set(d);
      if (!next.delete(runId)) next.add(runId);
      return next;
    });
  const pickGroup = (group: string) => {
    setOrder({ group });
    setView('grid');
  };
  const groupWord = dataset.format === 'h36m' ? 'action' : 'sequence';
  // One group (or none: COCO's "(none)") only repeats the set figure.
  const grouped = groups.groups.length > 1;
  const metricToggle = (
    <Segmented
      label="Per-group metric"
      options={GROUP_METRICS[kind].map((m) => ({ value: m.key, label: m.label }))}
      value={metricInfo.key}
      onChange={setMetric}
    />
  );

  return (
    <div className="dashboard">
      <header className="dash-head">
        <h2>Metrics</h2>
        <RunPicker
          runs={dataset.runs}
          chosen={chosen}
          primaryId={primaryId}
          onToggle={toggle}
          onPrimary={(runId) => setOrder({ runId })}
        />
        <span className="dash-protocol">
          <span className="dash-note">protocol</span>
          <Segmented
            label="Protocol"
            options={PROTOCOL_CHOICES[kind]}
            value={protocol}
            onChange={setProtocol}
          />
        </span>
      </header>
      {shown.length === 0 ? (
        <p className="dash-empty">tick a run above to see its figures</p>
      ) : protocol !== 'all' ? (
        <ProtocolView id={protocol} runs={shown} primaryId={primaryId} />
      ) : (
        <>
          <SummaryTable kind={kind} runs={shown} primaryId={primaryId} />
          {kind === '2d' && (
            <p className="dash-note">a 2D set: 3DPCK curves and root depths are 3D figures</p>
          )}
          <div className="dash-charts">
            <DistributionCharts
              datasetId={dataset.id}
              runs={shown}
              primaryId={primaryId}
              kind={kind}
            />
            {grouped && (
              <GroupBars
                table={groups}
                metric={metricInfo}
                title={`${metricInfo.label} per ${groupWord}`}
              />
            )}
          </div>
          {grouped && (
            <GroupTable
              title={`Per ${groupWord}`}
              table={groups}
              metric={metricInfo}
              controls={metricToggle}
              onPickGroup={pickGroup}
            />
          )}
          <PerJointTable runs={shown} kind={kind} />
          {kind === '3d' && <PerTakeTable runs={shown} />}
        </>
      )}
    </div>
  );
}
