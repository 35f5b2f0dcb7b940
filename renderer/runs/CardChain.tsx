import type { ModelEntry } from '../../contract';

/**
 * Cards to run in order: ticking a card appends it to the chain (its place shown), unticking
 * takes it out. Cards that do not fit the dataset, or do not load, are greyed with why.
 */
export function CardChain({
  models,
  chain,
  onChange,
}: {
  models: readonly ModelEntry[];
  chain: readonly string[];
  onChange(chain: string[]): void;
}) {
  return (
    <ul className="card-chain" aria-label="Cards in order">
      {models.map((m) => {
        const name = m.name ?? m.file;
        const place = chain.indexOf(name);
        const why = !m.loads
          ? (m.error ?? 'does not load')
          : m.fit && !m.fit.ok
            ? m.fit.reason
            : null;
        return (
          <li
            key={m.file}
            className={why ? 'unfit' : undefined}
            title={why ?? m.description ?? undefined}
          >
            <label className="check">
              <input
                type="checkbox"
                aria-label={name}
                checked={place >= 0}
                disabled={why !== null || m.name === null}
                onChange={() =>
                  onChange(place >= 0 ? chain.filter((c) => c !== name) : [...chain, name])
                }
              />
              <span className="chain-place">{place >= 0 ? place + 1 : ''}</span>
              {name}
              <span className="muted">
                {' '}
                {m.family} · {m.skeleton}
                {why ? ` — ${why}` : ''}
              </span>
            </label>
          </li>
        );
      })}
    </ul>
  );
}
