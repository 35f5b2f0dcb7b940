import type { PipelineEntry } from '../../contract';

/** A pipeline's or card's fit for the open dataset, in words; null when none is open. */
export function fitText(fit: { ok: boolean; reason: string | null } | null): string | null {
  if (!fit) return null;
  return fit.ok ? (fit.reason ?? 'fits') : (fit.reason ?? 'does not fit');
}

/**
 * The named pipelines: what each does and its cards per skeleton, in run order. One that does
 * not fit the open dataset is greyed with the reason; a broken one shows its error.
 */
export function PipelineList({
  pipelines,
  skeleton,
}: {
  pipelines: readonly PipelineEntry[];
  /** The open dataset's skeleton, whose cards a run would use; null when none is open. */
  skeleton: string | null;
}) {
  return (
    <section className="models-section" aria-label="Pipelines">
      <h2>
        Pipelines <span className="muted">{pipelines.length}</span>
      </h2>
      {pipelines.length === 0 && <p className="muted">No named pipelines are installed.</p>}
      <ul className="pipeline-list">
        {pipelines.map((p) => {
          const unfit = p.fit !== null && !p.fit.ok;
          return (
            <li
              key={`${p.origin}:${p.file}`}
              className={`pipeline${unfit ? ' unfit' : ''}${p.error ? ' broken' : ''}`}
              aria-label={`Pipeline ${p.name}`}
            >
              <div className="pipeline-head">
                <strong className="pipeline-name">{p.name}</strong>
                <span className="origin-badge">{p.origin}</span>
                {p.fit && <span className={p.fit.ok ? 'fit ok' : 'fit no'}>{fitText(p.fit)}</span>}
              </div>
              {p.description && (
                <p className="pipeline-description" title={p.description}>
                  {p.description}
                </p>
              )}
              {p.error && <p className="model-error">{p.error}</p>}
              <dl className="pipeline-cards">
                {Object.entries(p.cards).map(([id, cards]) => (
                  <div key={id} className={id === skeleton ? 'current' : undefined}>
                    <dt>{id}</dt>
                    <dd>{cards.join(' → ')}</dd>
                  </div>
                ))}
              </dl>
              <span className="path" title={p.file}>
                {p.file}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
