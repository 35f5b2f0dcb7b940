import { useEffect, useId, useRef, useState } from 'react';
import { errorMessage, type TakeTimeline } from '../../contract';
import { useEditStore } from '../data/useEditStore';
import { downloadBlob, fileStem } from '../ui/download';
import { ErrorNote } from '../ui/ErrorNote';
import {
  exportTake,
  webmType,
  type ExportFormat,
  type ExportPhase,
  type ExportWhat,
} from './takeExport';

/** The rate a take is recorded at when its data states none (the timeline plays it at this). */
const FALLBACK_FPS = 10;

type Range = 'all' | 'here';

function Choice<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  options: readonly { value: T; label: string; disabled?: string | false }[];
  onChange(value: T): void;
  disabled: boolean;
}) {
  return (
    <fieldset className="take-export-choice" disabled={props.disabled}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} title={o.disabled || undefined}>
          <input
            type="radio"
            name={props.name}
            value={o.value}
            checked={props.value === o.value}
            disabled={Boolean(o.disabled)}
            onChange={() => props.onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Export take…: the take's frames as they are drawn in the inspector — the image with its
 * overlays or the 3D view — as a WebM video at the take's rate or as PNG frames in a zip. The
 * export steps the inspector through the frames, so keys that would move it are held meanwhile.
 */
export function TakeExportButton({ timeline }: { timeline: TakeTimeline }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [what, setWhat] = useState<ExportWhat>('image');
  const [format, setFormat] = useState<ExportFormat>('webm');
  const [range, setRange] = useState<Range>('all');
  const [progress, setProgress] = useState<{
    done: number;
    total: number;
    phase: ExportPhase;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Where "from here" started: the shown frame moves while the export runs.
  const [from, setFrom] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  // Read when the popover opens: a 2D set's frames, or a frame with nothing in 3D, have no canvas.
  const [has3d, setHas3d] = useState(true);
  const abort = useRef<AbortController | null>(null);
  const shown = useEditStore((s) => s.shownImage);
  const running = progress !== null;
  const { frames } = timeline;
  const here = running
    ? from
    : Math.max(
        0,
        frames.findIndex((f) => f.imageId === shown),
      );
  const video = webmType();

  // An export left behind (the view closed) stops, and puts the shown frame back.
  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        if (abort.current) abort.current.abort();
        else setOpen(false);
      } else if (abort.current) {
        // Stepping, playing or leaving the frame would pull the inspector off the exported one.
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);

  const start = (pause: HTMLElement | null) => {
    // Playback is the timeline's own state: pausing it through its button keeps it from seeking
    // while the export steps through the frames.
    pause?.click();
    const controller = new AbortController();
    abort.current = controller;
    const chosen = range === 'here' ? frames.slice(here) : frames;
    setFrom(here);
    setError(null);
    setSaved(null);
    setProgress({ done: 0, total: chosen.length, phase: 'frame' });
    exportTake({
      what,
      format,
      frames: chosen,
      fps: timeline.take.fps ?? FALLBACK_FPS,
      stem: `${fileStem(timeline.take.key)}${what === '3d' ? '-3d' : ''}`,
      signal: controller.signal,
      onProgress: (done, total, phase) => setProgress({ done, total, phase }),
    })
      .then(
        ({ name, blob }) => {
          downloadBlob(name, blob);
          setSaved(`Saved ${name} (${megabytes(blob.size)})`);
        },
        (err: unknown) => {
          if (!controller.signal.aborted) setError(errorMessage(err));
        },
      )
      .finally(() => {
        abort.current = null;
        setProgress(null);
      });
  };

  return (
    <div className="take-export">
      <button
        type="button"
        aria-expanded={open}
        title="Save the take as drawn here: a WebM video or PNG frames"
        onClick={(e) => {
          const cell = e.currentTarget.closest('.frame-view')?.querySelector('.frame-3d-cell');
          const canvas = cell?.querySelector('canvas') ?? null;
          setHas3d(canvas !== null);
          if (canvas === null) setWhat('image');
          setOpen(!open || running);
        }}
      >
        Export take…
      </button>
      {open && (
        <div className="take-export-pop" role="dialog" aria-label="Export take">
          <strong>Export {timeline.take.key}</strong>
          <Choice<ExportWhat>
            legend="What"
            name={`${id}-what`}
            value={what}
            onChange={setWhat}
            disabled={running}
            options={[
              { value: 'image', label: 'image with overlays' },
              { value: '3d', label: '3D view', disabled: !has3d && 'this frame has no 3D view' },
            ]}
          />
          <Choice<ExportFormat>
            legend="Format"
            name={`${id}-format`}
            value={format}
            onChange={setFormat}
            disabled={running}
            options={[
              {
                value: 'webm',
                label: 'WebM video',
                disabled: !video && 'this window cannot record WebM (no VP9 or VP8 encoder)',
              },
              { value: 'png', label: 'PNG frames (zip)' },
            ]}
          />
          <Choice<Range>
            legend="Frames"
            name={`${id}-range`}
            value={range}
            onChange={setRange}
            disabled={running}
            options={[
              { value: 'all', label: `whole take (${frames.length})` },
              { value: 'here', label: `from here (frame ${here + 1} on)` },
            ]}
          />
          <p className="muted take-export-note">
            {format === 'webm'
              ? `${timeline.take.fps ?? FALLBACK_FPS} fps, ${video?.replace('video/webm;codecs=', '') ?? 'no codec'}`
              : `${fileStem(timeline.take.key)}_000001.png … at the ${what === '3d' ? "view's" : "image's"} size`}
          </p>
          {progress && (
            <p role="status" aria-label="Export progress">
              {progress.phase} {progress.done} / {progress.total}
              <progress max={progress.total} value={progress.done} />
            </p>
          )}
          {saved && !running && <p role="status">{saved}</p>}
          <ErrorNote error={error} />
          <div className="take-export-actions">
            {running ? (
              <button type="button" onClick={() => abort.current?.abort()}>
                Cancel
              </button>
            ) : (
              <>
                <button type="button" onClick={() => setOpen(false)}>
                  Close
                </button>
                <button
                  type="button"
                  disabled={format === 'webm' && !video}
                  onClick={(e) =>
                    start(
                      e.currentTarget
                        .closest('.timeline-bar')
                        ?.querySelector<HTMLElement>('button[aria-label="Pause"]') ?? null,
                    )
                  }
                >
                  Export
                </button>
              </>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
