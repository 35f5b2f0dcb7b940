/** Saves `blob` as a file named `name` through the browser's (or Electron's) download. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click has handed the URL to the download by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name from a title: `Per joint` → `per-joint`. */
export const fileStem = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'export';
