// Two estates side by side (阳光花园 and 翠湖苑), each with its own engineers, desk and guards, its own console group
// and its own roster, on top of the demo people (who serve every property).
import { readFileSync } from 'node:fs';
import { MINUTE } from '../../src/clock.js';
import { readCsv } from '../../src/cli/csv.js';
import { resolveRoster, ROSTER_HEADER } from '../../src/handlers/roster/import.js';
import type { Job } from '../../src/handlers/jobs/types.js';
import { jobContext } from '../../src/scheduler.js';
import { buildTestApp, consoleAuth, type TestApp } from '../helpers/app.js';

export const TWO_PROPERTIES = { PROPERTIES: '阳光花园(阳光,阳光苑);翠湖苑(翠湖)' };

/** name, role, team, property */
const STAFF: Array<[string, 'staff' | 'lead', string, string]> = [
  ['孟工', 'staff', '工程', '阳光花园'],
  ['钱工', 'staff', '工程', '阳光花园'],
  ['韩工', 'staff', '工程', '翠湖苑'],
  ['冯工', 'staff', '工程', '翠湖苑'],
  ['严丽', 'staff', '客服', '阳光花园'],
  ['苏梅', 'lead', '客服', '阳光花园'],
  ['魏霞', 'lead', '客服', '翠湖苑'],
  ['吕刚', 'staff', '保安', '阳光花园'],
  ['施勇', 'staff', '保安', '阳光花园'],
  ['褚军', 'lead', '保安', '阳光花园'],
];

export async function twoProperties(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await buildTestApp({ env: { ...TWO_PROPERTIES, ...env } });
  const props = new Map((await t.stores.properties.list()).map((p) => [p.name, p.id]));
  for (const [name, role, team, property] of STAFF) {
    const p = await t.stores.people.create({ name, role, team, phone: null });
    await t.stores.properties.setServed(p.id, [props.get(property)!]);
  }
  return t;
}

/** A console message as a person, in a named group (or direct when group is omitted); the reply text. */
export async function sayIn(t: TestApp, who: string, text: string, group?: string): Promise<string> {
  const person = await t.stores.people.find(who);
  if (!person) throw new Error(`no person ${who}`);
  const res = await t.app.inject({ method: 'POST', url: '/console/api/say', payload: { as: person.id, text, group: group ?? false }, headers: consoleAuth(t) });
  if (res.statusCode !== 200) throw new Error(`say failed ${res.statusCode} ${res.body}`);
  return (res.json() as { reply: { text: string } | null }).reply?.text ?? '';
}

/** Imports roster CSV lines through the same resolution as `roster import`; throws with the errors. */
export async function importRoster(t: TestApp, rows: string[]): Promise<void> {
  const { lines } = readCsv([ROSTER_HEADER.join(','), ...rows].join('\n'), ROSTER_HEADER);
  const { entries, errors } = await resolveRoster(lines, t.stores, t.config.duty, t.config.utcOffsetMinutes);
  if (errors.length) throw new Error(errors.join('\n'));
  await t.runtime.db.transaction((tx) => tx.roster.replaceImported(entries));
}

/** The rows of a roster file kept as data (tests/roster/rosters/NAME.csv, with the import's header line). */
export function rosterRows(file: string): string[] {
  const [header, ...rows] = readFileSync(new URL(`./rosters/${file}`, import.meta.url), 'utf8').trim().split('\n');
  if (header !== ROSTER_HEADER.join(',')) throw new Error(`${file}: the header must be ${ROSTER_HEADER.join(',')}`);
  return rows;
}

/** Runs a job as of a local wall-clock time of the test day (2026-11-23). */
export const runAt = (t: TestApp, job: Job, hhmm: string, date = '2026-11-23') => job.run(jobContext(t.runtime, new Date(`${date}T${hhmm}:00+08:00`)));

export const at = (hhmm: string, date = '2026-11-23') => new Date(`${date}T${hhmm}:00+08:00`);
export const minutes = (n: number) => n * MINUTE;
