// Tables as the exports write them: CSV for Excel and WPS (UTF-8 BOM, CRLF, RFC 4180 quoting) and XLSX through
// exceljs's streaming writer. A text cell starting with = + - @ (or a tab / carriage return) gets a leading ' so no
// spreadsheet runs it as a formula (CSV injection). exceljs is imported on the first XLSX export only: loaded, it
// costs the process about 16 MB of memory that a desk which never exports would carry all day (issue #15, RSS).
import { PassThrough, Readable } from 'node:stream';

export type Cell = string | number | null;
/** A titled block of a report: headers and rows. */
export interface Section {
  title: string;
  head: string[];
  rows: Cell[][];
}

/** A text cell made safe from formula injection; numbers stay numbers. */
export function safeCell(v: Cell): Cell {
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  return v;
}

/** One CSV field: quoted when it holds a comma, quote, line break or edge spaces. */
export function csvField(v: Cell): string {
  const s = safeCell(v);
  if (s === null) return '';
  const text = String(s);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly Cell[]): string => `${cells.map(csvField).join(',')}\r\n`;
export const BOM = '\uFEFF';

/** Report sections as one CSV: each section's title line, its header and rows, and a blank line between. */
export function sectionsCsv(sections: readonly Section[]): string {
  return BOM + sections.map((s) => csvLine([s.title]) + csvLine(s.head) + s.rows.map(csvLine).join('')).join('\r\n');
}

/** A CSV stream from header and row batches (backpressure through Readable.from). */
export function csvStream(head: readonly string[], batches: AsyncIterable<Cell[][]>): Readable {
  return Readable.from(
    (async function* () {
      yield BOM + csvLine(head);
      for await (const rows of batches) yield rows.map(csvLine).join('');
    })(),
  );
}

/** An XLSX stream: one worksheet per (sheet, batches); written while the rows are read. */
export function xlsxStream(sheets: Array<{ name: string; sections: AsyncIterable<{ head?: string[]; title?: string; rows: Cell[][] }> }>): Readable {
  const out = new PassThrough();
  (async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    for (const sheet of sheets) {
      const ws = wb.addWorksheet(sheet.name);
      for await (const part of sheet.sections) {
        if (part.title !== undefined) ws.addRow([part.title]).commit();
        if (part.head) {
          const row = ws.addRow(part.head);
          row.font = { bold: true };
          row.commit();
        }
        for (const r of part.rows) ws.addRow(r.map(safeCell)).commit();
        // Let the client catch up before reading the next batch.
        if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
      }
      ws.commit();
    }
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

/** Report sections as an XLSX stream, all on one sheet. */
export function sectionsXlsx(sheetName: string, sections: readonly Section[]): Readable {
  return xlsxStream([
    {
      name: sheetName,
      sections: (async function* () {
        for (const [i, s] of sections.entries()) yield { title: s.title, head: s.head, rows: i < sections.length - 1 ? [...s.rows, []] : s.rows };
      })(),
    },
  ]);
}
