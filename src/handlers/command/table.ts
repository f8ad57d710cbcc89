// Reads a word table kept as data next to the code (keywords.tsv, lexicon.tsv): one row a line, fields separated by
// tabs, blank lines and `# …` lines skipped. Data kept as data, so the tables are easy to extend and to read by other tools.
import { readFileSync } from 'node:fs';

/** The rows of `file` (a URL relative to the calling module, e.g. `new URL('./keywords.tsv', import.meta.url)`). */
export function readTable(file: URL): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('\t'));
}
