// Reads a phrasing table: one row per line, `input<TAB>intent[<TAB>category]`, `# …` comments (also after a row),
// `[NAME]` starting a named set; readRows reads a plain table (leave.tsv). Data kept as data, so the tables are easy to extend and to read by other tools.
import { readFileSync } from 'node:fs';
import type { Row } from '../resident-phrasings.js';

export function readPhrasings(file: string): { rows: Row[]; sets: Record<string, Row[]> } {
  const rows: Row[] = [];
  const sets: Record<string, Row[]> = {};
  let current: Row[] | null = null;
  for (const line of readFileSync(new URL(file, import.meta.url), 'utf8').split('\n')) {
    const set = /^\[(\w+)\]$/.exec(line);
    if (set) {
      current = sets[set[1]!] = [];
      continue;
    }
    if (!line.trim() || line.startsWith('#')) continue;
    const [input, intent, category] = line.split('\t').filter((f) => !f.startsWith('# '));
    if (!input || !intent) throw new Error(`${file}: bad row «${line}»`);
    const row = (category ? [input, intent, category] : [input, intent]) as Row;
    rows.push(row);
    current?.push(row);
  }
  return { rows, sets };
}

/** A plain table: the fields of each row (tabs between), blank lines and `# …` lines skipped. */
export function readRows(file: string): string[][] {
  return readFileSync(new URL(file, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('\t'));
}
