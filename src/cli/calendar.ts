// npm run cli -- calendar import <file.csv> | calendar list [--json]
// The holiday override table: dates chinese-days does not know yet (a new year's State Council
// notice) or local exceptions. CSV header date,workday,note; workday 1/0 or 上班/休息.
import { localParts } from '../clock.js';
import { coverage } from '../handlers/sla/calendar.js';
import type { CalendarOverride as OverrideRow } from '../store/index.js';
import type { Runtime } from '../runtime.js';
import { importCsvFile, readCsv } from './csv.js';

type Command = (rt: Runtime, args: string[]) => Promise<number>;

export const CALENDAR_HEADER = ['date', 'workday', 'note'];

const WORK = new Set(['1', '上班', '班', '工作日', 'true', 'yes']);
const OFF = new Set(['0', '休息', '休', '休息日', '假', 'false', 'no']);

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Pure: rows, or line-numbered errors (then no rows: the import is all or nothing). */
export function parseCalendarCsv(text: string): { rows: OverrideRow[]; errors: string[] } {
  const { lines, headerError } = readCsv(text, CALENDAR_HEADER, { comments: true });
  if (headerError) return { rows: [], errors: [headerError] };
  const errors: string[] = [];
  const rows: OverrideRow[] = [];
  const seen = new Map<string, number>();
  lines.forEach(({ n, fields: f }) => {
    if (f.length < 2 || f.length > 3) return void errors.push(`第 ${n} 行：应有 2 或 3 列（date,workday,note），实际 ${f.length} 列`);
    const [date, workdayRaw, note] = f as [string, string, string | undefined];
    if (!validDate(date)) errors.push(`第 ${n} 行：日期「${date}」无效，应为 YYYY-MM-DD，例如 2027-10-01`);
    else if (seen.has(date)) errors.push(`第 ${n} 行：日期 ${date} 与第 ${seen.get(date)} 行重复`);
    else seen.set(date, n);
    const w = workdayRaw.toLowerCase();
    if (!WORK.has(w) && !OFF.has(w)) errors.push(`第 ${n} 行：workday「${workdayRaw}」无效，应为 1 / 0 或 上班 / 休息`);
    rows.push({ date, workday: WORK.has(w), note: note ? note : null });
  });
  if (!errors.length && !rows.length) errors.push('文件中没有数据行');
  return { rows: errors.length ? [] : rows, errors };
}

export const calendarImport: Command = (rt, args) =>
  importCsvFile(args, '用法：npm run cli -- calendar import <file.csv>   （表头 date,workday,note；workday 为 1/0 或 上班/休息）', parseCalendarCsv, async (rows) => {
    const { created, updated } = await rt.stores.calendar.importMany(rows);
    const years = [...new Set(rows.map((r) => r.date.slice(0, 4)))].join('、');
    return `导入完成：新增 ${created} 天，更新 ${updated} 天（${years}年）。上班 ${rows.filter((r) => r.workday).length} 天，休息 ${rows.filter((r) => !r.workday).length} 天。`;
  });

export const calendarList: Command = async (rt, args) => {
  const rows = await rt.stores.calendar.list();
  const year = localParts(rt.clock.now(), rt.config.utcOffsetMinutes).year;
  const cov = await Promise.all([year, year + 1].map((y) => coverage(rt.stores.calendar, y)));
  if (args.includes('--json')) {
    console.log(JSON.stringify({ overrides: rows, coverage: cov }));
    return 0;
  }
  for (const c of cov) {
    const src = [c.library && 'chinese-days 内置数据', c.overrides && `覆盖表 ${c.overrides} 天`].filter(Boolean).join(' + ');
    console.log(`${c.year}年：${c.covered ? `已覆盖（${src}）` : '未覆盖：请导入国务院放假通知（npm run cli -- calendar import 文件.csv）'}`);
  }
  if (!rows.length) console.log('覆盖表为空。');
  for (const r of rows) console.log(`${r.date}\t${r.workday ? '上班' : '休息'}\t${r.note ?? ''}`);
  return 0;
};
