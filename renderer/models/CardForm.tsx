import type { ReactNode } from 'react';
import type { CardCheck } from '../../contract';
import { SKELETON_IDS } from '../../core';
import {
  FAMILIES,
  FAMILY_PARAMS,
  IMAGE_INPUT,
  INPUT_SOURCES,
  OUTPUT_MEANINGS,
  POSE_NORMALIZE,
  asArray,
  covers,
  getAt,
  setAt,
  type Card,
} from './cardFields';

type Problem = CardCheck['problems'][number];
type Kind = 'text' | 'longtext' | 'int' | 'number' | 'bool' | 'select';

const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * The proposed card as a form: the fields a person must confirm (`confirm`, dotted paths) are
 * marked, and each problem the check found sits beside its field; problems no field shows are
 * listed at the end so none is lost.
 */
export function CardForm({
  card,
  proposed,
  confirm,
  problems,
  onChange,
}: {
  card: Card;
  /** The card as proposed: a family switched back gets its guessed params again. */
  proposed: Card;
  confirm: readonly string[];
  problems: readonly Problem[];
  onChange(card: Card): void;
}) {
  const shown: string[] = [];
  const set = (path: string, value: unknown) => onChange(setAt(card, path, value));

  /** A control with its label, marked when a person must confirm it, and its problems. */
  const wrap = (
    path: string,
    label: string,
    control: (invalid: boolean) => ReactNode,
    { wide = false, unset = false }: { wide?: boolean; unset?: boolean } = {},
  ) => {
    shown.push(path);
    const mine = problems.filter((p) => covers(path, p.field));
    // An unset choice gets the schema's list of every allowed value; the select already shows it.
    const messages = unset && mine.length > 0 ? ['choose one'] : mine.map((p) => p.message);
    // A confirm entry inside the field (one number of a tuple) or around it (a whole input) marks it.
    const check = confirm.some((c) => covers(path, c) || covers(c, path));
    return (
      <div
        key={path}
        className={`card-field${check ? ' confirm' : ''}${wide ? ' wide' : ''}`}
        data-field={path}
      >
        <span className="field-label" aria-hidden="true">
          {label}
          {check && <span className="confirm-mark"> · check</span>}
        </span>
        {control(mine.length > 0)}
        {messages.map((m, i) => (
          <span key={i} className="field-problem">
            {m}
          </span>
        ))}
      </div>
    );
  };

  /** One labelled control for the value at `path`. */
  const field = (
    path: string,
    label: string,
    kind: Kind,
    opts: { options?: readonly string[]; fallback?: unknown; onValue?: (v: unknown) => void } = {},
  ): ReactNode => {
    const value = getAt(card, path) ?? opts.fallback;
    const put = opts.onValue ?? ((v: unknown) => set(path, v));
    return wrap(
      path,
      label,
      (invalid) => {
        const common = { 'aria-label': label, 'aria-invalid': invalid || undefined };
        if (kind === 'select') {
          const options = opts.options ?? [];
          const current = typeof value === 'string' ? value : '';
          return (
            <select {...common} value={current} onChange={(e) => put(e.target.value)}>
              {!options.includes(current) && (
                <option value={current}>{current || 'choose…'}</option>
              )}
              {options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          );
        }
        if (kind === 'bool')
          return (
            <input
              {...common}
              type="checkbox"
              checked={value === true}
              onChange={(e) => put(e.target.checked)}
            />
          );
        if (kind === 'int' || kind === 'number')
          return (
            <input
              {...common}
              type="number"
              step={kind === 'int' ? 1 : 'any'}
              value={typeof value === 'number' ? value : ''}
              onChange={(e) => put(numberOrUndefined(e.target.value))}
            />
          );
        if (kind === 'longtext')
          return (
            <textarea
              {...common}
              rows={2}
              value={typeof value === 'string' ? value : ''}
              onChange={(e) => put(e.target.value === '' ? undefined : e.target.value)}
            />
          );
        return (
          <input
            {...common}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => put(e.target.value)}
          />
        );
      },
      {
        wide: kind === 'longtext',
        unset: kind === 'select' && !(opts.options ?? []).includes(String(value ?? '')),
      },
    );
  };

  /** Several numbers at one path (an input's size, mean, std): one box each, problems shared. */
  const numbers = (path: string, label: string, parts: readonly string[]): ReactNode => {
    const values = asArray(getAt(card, path));
    return wrap(path, label, (invalid) => (
      <span className="field-numbers" role="group" aria-label={label}>
        {parts.map((part, i) => {
          const v = values[i];
          return (
            <input
              key={part}
              type="number"
              step="any"
              aria-label={`${label} ${part}`}
              aria-invalid={invalid || undefined}
              value={typeof v === 'number' ? v : ''}
              onChange={(e) =>
                set(
                  path,
                  parts.map((_, k) => (k === i ? numberOrUndefined(e.target.value) : values[k])),
                )
              }
            />
          );
        })}
      </span>
    ));
  };

  const family = typeof card.family === 'string' ? card.family : '';
  const setFamily = (next: unknown) => {
    const params = next === proposed.family ? proposed.params : {};
    onChange(setAt(setAt(card, 'family', next === '' ? null : next), 'params', params));
  };

  const inputs = asArray(card.inputs).map((input, i) => {
    const at = `inputs.${i}`;
    const source = getAt(input, 'source');
    const name = String(getAt(input, 'name') ?? i);
    const setSource = (next: unknown) => {
      const base = { name: getAt(input, 'name'), source: next };
      const image = source === 'crop' || source === 'image' ? input : IMAGE_INPUT;
      const value =
        next === 'crop' || next === 'image'
          ? { ...IMAGE_INPUT, ...(image as object), ...base }
          : next === 'joints2d'
            ? { ...base, normalize: getAt(input, 'normalize') ?? 'crop' }
            : base;
      set(at, value);
    };
    const isImage = source === 'crop' || source === 'image';
    return (
      <fieldset key={at} className="card-group">
        <legend>Input {name}</legend>
        {field(`${at}.source`, `Input ${name} source`, 'select', {
          options: INPUT_SOURCES,
          onValue: setSource,
        })}
        {isImage && (
          <>
            {field(`${at}.layout`, 'Input layout', 'select', { options: ['NCHW', 'NHWC'] })}
            {numbers(`${at}.size`, 'Input size', ['width', 'height'])}
            {field(`${at}.channels`, 'Channels', 'select', { options: ['RGB', 'BGR'] })}
            {field(`${at}.scale`, 'Scale', 'number')}
            {numbers(`${at}.mean`, 'Mean', ['R', 'G', 'B'])}
            {numbers(`${at}.std`, 'Std', ['R', 'G', 'B'])}
          </>
        )}
        {source === 'joints2d' &&
          field(`${at}.normalize`, 'Joint normalisation', 'select', { options: POSE_NORMALIZE })}
      </fieldset>
    );
  });

  const outputs = asArray(card.outputs).map((output, i) => {
    const name = String(getAt(output, 'name') ?? i);
    const shape = asArray(getAt(output, 'shape'));
    return (
      <div key={i} className="card-output">
        {field(`outputs.${i}.meaning`, `Output ${name} meaning`, 'select', {
          options: OUTPUT_MEANINGS,
        })}
        {shape.length > 0 && <span className="muted">[{shape.join(' × ')}]</span>}
      </div>
    );
  });

  const params = (FAMILY_PARAMS[family] ?? []).map((p) =>
    field(`params.${p.key}`, p.label, p.kind, {
      ...(p.options ? { options: p.options } : {}),
      fallback: p.fallback,
    }),
  );

  const head = (
    <fieldset className="card-group">
      <legend>Card</legend>
      {field('name', 'Card name', 'text')}
      {field('family', 'Family', 'select', { options: FAMILIES, onValue: setFamily })}
      {field('skeleton', 'Skeleton', 'select', { options: SKELETON_IDS })}
    </fieldset>
  );
  const about = (
    <fieldset className="card-group">
      <legend>Licence and provenance</legend>
      {field('license', 'Licence', 'text')}
      {field('provenance', 'Provenance', 'longtext')}
      {field('description', 'Description', 'longtext')}
    </fieldset>
  );
  // Computed after every field above registered its path.
  const rest = problems.filter((p) => !shown.some((path) => covers(path, p.field)));

  return (
    <div className="card-form">
      {head}
      {inputs}
      <fieldset className="card-group">
        <legend>Outputs</legend>
        {outputs}
      </fieldset>
      {params.length > 0 && (
        <fieldset className="card-group">
          <legend>{family} parameters</legend>
          {params}
        </fieldset>
      )}
      {about}
      {rest.length > 0 && (
        <ul className="card-problems" aria-label="Card problems">
          {rest.map((p, i) => (
            <li key={i}>
              <code>{p.field || 'card'}</code> {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
