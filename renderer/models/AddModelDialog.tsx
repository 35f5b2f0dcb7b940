import { useEffect, useState } from 'react';
import { errorMessage, type CardCheck, type ModelEntry, type ModelProposal } from '../../contract';
import { useApi, usePlatform } from '../data/ClientContext';
import { ErrorNote } from '../ui/ErrorNote';
import type { Card } from './cardFields';
import { CardForm } from './CardForm';
import './addModel.css';

/** How long typing may pause before the card is checked again. */
const CHECK_DELAY_MS = 300;

const pretty = (card: Card) => JSON.stringify(card, null, 2);

/** The model's tensors as onnxruntime reads them: what the proposal was guessed from. */
function Tensors({ proposal }: { proposal: ModelProposal }) {
  const rows = [
    ...proposal.inputs.map((t) => ({ dir: 'input', ...t })),
    ...proposal.outputs.map((t) => ({ dir: 'output', ...t })),
  ];
  return (
    <table className="tensor-table" aria-label="Model tensors">
      <thead>
        <tr>
          <th />
          <th>name</th>
          <th>type</th>
          <th>shape</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={`${t.dir}:${t.name}`}>
            <td className="muted">{t.dir}</td>
            <td>{t.name}</td>
            <td>{t.type ?? 'not a tensor'}</td>
            <td>[{t.shape.join(' × ')}]</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Add model…: pick an .onnx file, read its tensors, then confirm the card PoseScope proposes
 * (the guessed fields marked), checked by the main side as it is edited, and save it into the
 * user's model folder.
 */
export function AddModelDialog({
  userFolder,
  onClose,
  onSaved,
}: {
  /** Where the card is saved, when known. */
  userFolder: string | null;
  onClose(): void;
  onSaved(entry: ModelEntry): void;
}) {
  const api = useApi();
  const platform = usePlatform();
  const [path, setPath] = useState('');
  const [proposal, setProposal] = useState<ModelProposal | null>(null);
  const [card, setCard] = useState<Card | null>(null);
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  // The last check's answer and the card it was for: while they differ a check is under way.
  const [checked, setChecked] = useState<{ card: Card; result: CardCheck | null } | null>(null);
  const [busy, setBusy] = useState<'read' | 'save' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      onClose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  const onnx = proposal?.onnx;
  useEffect(() => {
    if (!onnx || !card) return;
    // Only the answer for the card as it now stands is shown.
    let live = true;
    const timer = setTimeout(() => {
      api.checkModelCard({ onnx, card }).then(
        (result) => live && setChecked({ card, result }),
        (err: unknown) => {
          if (!live) return;
          setChecked({ card, result: null });
          setError(errorMessage(err));
        },
      );
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, onnx, card]);

  const read = async (file: string) => {
    if (file.trim() === '') return;
    setBusy('read');
    setError(null);
    try {
      const p = await api.inspectModel({ onnx: file.trim() });
      setProposal(p);
      setCard(p.card);
      setJson(pretty(p.card));
      setJsonError(null);
      setChecked(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  const choose = () =>
    void platform.pickFile?.([{ name: 'ONNX model', extensions: ['onnx'] }]).then((p) => {
      if (!p) return;
      setPath(p);
      void read(p);
    });
  const edit = (next: Card) => {
    // What a save attempt said was about the card before this edit.
    setError(null);
    setCard(next);
    setJson(pretty(next));
    setJsonError(null);
  };
  const editJson = (text: string) => {
    setJson(text);
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return setJsonError('a card is a JSON object');
      setCard(parsed as Card);
      setJsonError(null);
      setError(null);
    } catch (err) {
      setJsonError(errorMessage(err));
    }
  };
  const save = async () => {
    if (!proposal || !card) return;
    // The main side would refuse with every problem again, in one long line: point at the marks.
    const known = checked?.card === card ? checked.result : null;
    if (known && !known.ok) {
      const n = known.problems.length;
      return setError(`Fix the ${n} problem${n === 1 ? '' : 's'} marked above before saving.`);
    }
    setBusy('save');
    setError(null);
    try {
      onSaved(await api.saveModelCard({ onnx: proposal.onnx, card }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const check = checked?.result ?? null;
  const checking = card !== null && checked?.card !== card;
  const problems = check?.problems ?? [];
  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div
        className="sheet add-model-sheet"
        role="dialog"
        aria-label="Add model"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="sheet-head">
          <h2>Add model</h2>
          <button type="button" className="sheet-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="add-model-body">
          <form
            className="onnx-row"
            onSubmit={(e) => {
              e.preventDefault();
              void read(path);
            }}
          >
            <input
              aria-label="ONNX file"
              className="path-input"
              value={path}
              placeholder="path to an .onnx file, e.g. ~/models/my-hrnet.onnx"
              onChange={(e) => setPath(e.target.value)}
              autoFocus
            />
            {platform.pickFile && (
              <button type="button" onClick={choose}>
                Choose…
              </button>
            )}
            <button type="submit" disabled={busy !== null || path.trim() === ''}>
              {busy === 'read' ? 'Reading…' : 'Read model'}
            </button>
          </form>
          {!proposal && <ErrorNote error={error} />}
          {proposal && card && (
            <>
              <Tensors proposal={proposal} />
              <p className="guess">
                {proposal.family ? (
                  <>
                    Looks like a <strong>{proposal.family}</strong> model: {proposal.reason}
                  </>
                ) : (
                  <>No family fits these tensors: {proposal.reason}</>
                )}
              </p>
              <p className="muted">
                Fields marked <span className="confirm-mark">check</span> were guessed, not read
                from the file: confirm them before saving.
              </p>
              <CardForm
                card={card}
                proposed={proposal.card}
                confirm={proposal.confirm}
                problems={problems}
                onChange={edit}
              />
              <details className="card-json">
                <summary>Edit JSON</summary>
                <textarea
                  aria-label="Card JSON"
                  spellCheck={false}
                  value={json}
                  onChange={(e) => editJson(e.target.value)}
                  rows={16}
                />
                {jsonError && <p className="field-problem">{jsonError}</p>}
              </details>
            </>
          )}
        </div>
        {proposal && card && (
          <footer className="add-model-foot">
            <ErrorNote error={error} />
            <div className="sheet-actions">
              <span className="check-state" role="status">
                {checking
                  ? 'checking…'
                  : check?.ok
                    ? 'the card checks against the model'
                    : check
                      ? `${check.problems.length} problem${check.problems.length === 1 ? '' : 's'} to fix`
                      : ''}
              </span>
              {userFolder && (
                <span className="muted path" title={userFolder}>
                  saves into {userFolder}
                </span>
              )}
              <button type="button" onClick={() => void save()} disabled={busy !== null}>
                {busy === 'save' ? 'Saving…' : 'Save model'}
              </button>
              <button type="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </footer>
        )}
      </div>
    </div>
  );
}
