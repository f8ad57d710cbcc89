// CSV files the CLI (and the dashboard's 人员 page) imports: one reader (UTF-8 with or without BOM, "quoted, fields",
// a required header, line-numbered rows) and one all-or-nothing import flow (any bad row: nothing is written).
import { readFile } from 'node:fs/promises';

/** Splits one CSV line; supports "quoted, fields" and "" escapes. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

export interface CsvLine {
  /** 1-based line number in the file, for error messages. */
  n: number;
  fields: string[];
}

/** The data lines (blank lines and, when asked, # comments skipped), or the header error. */
export function readCsv(text: string, header: readonly string[], opts: { comments?: boolean } = {}): { lines: CsvLine[]; headerError?: string } {
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const got = splitCsvLine(raw[0] ?? '').map((h) => h.toLowerCase());
  if (got.join(',') !== header.join(',')) return { lines: [], headerError: `第 1 行：表头必须是 ${header.join(',')}` };
  const lines: CsvLine[] = [];
  raw.slice(1).forEach((line, i) => {
    const t = line.trim();
    if (!t || (opts.comments && t.startsWith('#'))) return;
    lines.push({ n: i + 2, fields: splitCsvLine(line) });
  });
  return { lines };
}

export type Parsed<R> = { rows: R[]; errors: string[]; /** The file line of each row, when the parser keeps it. */ lines?: number[] };

/** What to do with a file that is not UTF-8 (Excel's and WPS's plain "CSV" is GBK on Chinese Windows). */
export const NOT_UTF8 = '文件不是 UTF-8 编码，未导入。请在 Excel 中「另存为 → CSV UTF-8（逗号分隔）」，或在 WPS 中另存为 CSV 时选择 UTF-8 编码，然后重新导入。';

/** The file's text: UTF-8 with or without BOM (the BOM is left for readCsv to drop); anything else is refused. */
export function decodeCsv(bytes: Uint8Array): { text: string } | { error: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { error: NOT_UTF8 };
  }
}

/** Reads the file named by args[0], parses it, and writes it only when every row is good. Returns the exit code. */
/** `write` answers the summary to print, or the errors that stopped it before anything was written. */
export async function importCsvFile<R>(args: string[], usage: string, parse: (text: string) => Parsed<R>, write: (rows: R[], parsed: Parsed<R>) => Promise<string | { errors: string[] }>): Promise<number> {
  const file = args[0];
  if (!file) {
    console.error(usage);
    return 2;
  }
  const decoded = decodeCsv(await readFile(file));
  if ('error' in decoded) {
    console.error(decoded.error);
    return 1;
  }
  const parsed = parse(decoded.text);
  const { rows, errors } = parsed;
  if (errors.length) {
    console.error(`导入失败，未写入任何数据：\n${errors.join('\n')}`);
    return 1;
  }
  const written = await write(rows, parsed);
  if (typeof written !== 'string') {
    console.error(`导入失败，未写入任何数据：\n${written.errors.join('\n')}`);
    return 1;
  }
  console.log(written);
  return 0;
}
