import { downloadBlob, fileStem } from './download';
import { cellsToCsv, tableCells } from './tableCsv';

/**
 * Saves the tables of the card it sits in as CSV (figures as shown, one block per table), for
 * the papers and slides these numbers go to.
 */
export function TableCsvButton({ title }: { readonly title: string }) {
  return (
    <button
      type="button"
      className="dash-export"
      title={`Save “${title}” as CSV`}
      onClick={(e) => {
        const card = e.currentTarget.closest('section');
        const tables = [...(card?.querySelectorAll('table') ?? [])];
        if (tables.length === 0) return;
        const text = tables.map((t) => cellsToCsv(tableCells(t))).join('\r\n');
        downloadBlob(`${fileStem(title)}.csv`, new Blob([text], { type: 'text/csv' }));
      }}
    >
      CSV
    </button>
  );
}
