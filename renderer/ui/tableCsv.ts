/** A table's cells as the DOM gives them: text and how many columns and rows each spans. */
export type CellLike = { readonly text: string; readonly span: number; readonly rowSpan?: number };

/** RFC 4180 quoting: a field holding a comma, quote or line break is quoted, quotes doubled. */
const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Rows of cells as CSV text, laid on the grid the table draws: a cell spanning k columns (a
 * run's name over its figures) fills all k, one spanning rows (a corner label) leaves the rows
 * below blank in its column, so every row has the same columns and a spreadsheet keeps them
 * aligned.
 */
export function cellsToCsv(rows: readonly (readonly CellLike[])[]): string {
  const grid: (string | undefined)[][] = [];
  rows.forEach((row, i) => {
    const line = (grid[i] ??= []);
    let col = 0;
    for (const c of row) {
      while (line[col] !== undefined) col++;
      const cols = Math.max(1, c.span);
      for (let dr = 0; dr < Math.max(1, c.rowSpan ?? 1); dr++)
        for (let dc = 0; dc < cols; dc++)
          (grid[i + dr] ??= [])[col + dc] = dr === 0 ? c.text.trim() : '';
      col += cols;
    }
  });
  const width = Math.max(0, ...grid.map((l) => l.length));
  return grid
    .map((l) => Array.from({ length: width }, (_, k) => field(l[k] ?? '')).join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** A rendered table's rows (head and body) as cells. */
export const tableCells = (table: HTMLTableElement): CellLike[][] =>
  [...table.rows].map((row) =>
    [...row.cells].map((c) => ({ text: c.textContent ?? '', span: c.colSpan, rowSpan: c.rowSpan })),
  );
