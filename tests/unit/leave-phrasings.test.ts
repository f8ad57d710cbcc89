// 请假 phrasings, table-driven: what people type → the span on the working calendar, the counted days (or minutes),
// how it reads, and the reason left over (never a date or length fragment); the rows are data (phrasings/leave.tsv).
// Parser (command/leave-words.ts) and resolver (handlers/leave/span.ts) together, pure, with fixed clocks in Asia/Shanghai:
//   A: Tuesday 2026-12-01 09:00. chinese-days 1.5.7 has no 2027 data yet, so 元旦 2027 (Friday 1 January off) is an
//      override row, as an imported holiday CSV would add it (docs/desk-rules.md#calendars).
//   B: Monday 2026-09-28 09:00, around 国庆 2026 from the library: 1–7 October off, Saturday 10 October a 调休 working day.
//   C: Tuesday 2026-02-10 09:00, around 春节 2026: Saturday 14 February worked (调休), 15–23 February off.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { parseCommand } from '../../src/handlers/command/parse.js';
import { officeDays, type LeaveSpan } from '../../src/handlers/leave/count.js';
import { lengthText, resolveLeave, spanText } from '../../src/handlers/leave/span.js';
import { createCalendar } from '../../src/handlers/sla/calendar.js';
import { readRows } from './phrasings/read.js';

const A = new Date('2026-12-01T09:00:00+08:00');
const B = new Date('2026-09-28T09:00:00+08:00');
const C = new Date('2026-02-10T09:00:00+08:00');
const hours = loadConfig({}).leave.workHours;
const calendar = createCalendar(480, new Map([['2027-01-01', false]]));
const guard = { id: 7, role: 'staff' as const, team: '保安' };

function plan(text: string, now: Date) {
  const cmd = parseCommand(text, { now, utcOffsetMinutes: 480 });
  return { cmd, result: resolveLeave(cmd, { now, offset: 480, hours, person: guard, workingDay: officeDays(calendar) }) };
}

/** A day leave: 'YYYY-MM-DD am' to 'YYYY-MM-DD pm'. */
const days = (from: string, to: string): LeaveSpan => {
  const [startDate, startHalf] = from.split(' ') as [string, 'am' | 'pm'];
  const [endDate, endHalf] = to.split(' ') as [string, 'am' | 'pm'];
  return { startDate, startHalf, endDate, endHalf, startTime: null, endTime: null };
};
/** An hour leave on one date. */
const hoursOn = (date: string, from: string, to: string): LeaveSpan => ({
  startDate: date, endDate: date, startHalf: from < '12:00' ? 'am' : 'pm', endHalf: to <= '12:00' ? 'am' : 'pm', startTime: from, endTime: to,
});

type Row = [text: string, now: Date, span: LeaveSpan, counted: number, minutes: number | null, reads: string, reason?: string];

/** From the table (phrasings/leave.tsv): a span `YYYY-MM-DD am|pm` is a day leave, `YYYY-MM-DD HH:MM` an hour leave. */
const ROWS: Row[] = readRows('leave.tsv').map(([text, clock, from, to, counted, minutes, reads, reason]) => {
  if (!text || !clock || !from || !to || !counted || !minutes || !reads) throw new Error(`leave.tsv: bad row «${text}»`);
  const [date, fromTime] = from.split(' ') as [string, string];
  const span = fromTime.includes(':') ? hoursOn(date, fromTime, to.split(' ')[1]!) : days(from, to);
  const row: Row = [text, { A, B, C }[clock as 'A' | 'B' | 'C'], span, Number(counted), minutes === '-' ? null : Number(minutes), reads];
  if (reason !== undefined) row[6] = reason;
  return row;
});

/** Words that may never survive into the reason. */
const FRAGMENT = /\d|[天半]|小时|上午|下午|[至到起]|明天|后天|今天|周[一二三四五六日]/;

describe('请假 phrasings on the working calendar', () => {
  it('covers at least 40 phrasings', () => expect(ROWS.length).toBeGreaterThanOrEqual(40));

  it.each(ROWS)('%s', (text, now, span, counted, minutes, reads, reason) => {
    const { cmd, result } = plan(text, now);
    if ('error' in result) throw new Error(result.error);
    expect(result.span).toEqual(span);
    expect(result.count.days).toBe(counted);
    expect(result.count.minutes).toBe(minutes);
    expect(`${spanText(result.span)}（${lengthText(result.count)}）`).toBe(reads);
    expect(cmd.detail).toBe(reason);
    if (cmd.detail) expect(cmd.detail).not.toMatch(FRAGMENT);
  });
});

describe('phrasings that are refused, each with a correct example', () => {
  it.each([
    ['请假 12月5日', A, /12月5日不是您的工作日（周末、节假日或排班表上的休息日）/],
    ['请假 周六下午', A, /12月5日下午不是您的工作日/],
    ['请假 1月1日', A, /1月1日不是您的工作日/],
    ['请假 10月1日', B, /10月1日不是您的工作日/],
    ['请假 1.2天', A, /以半天为单位（0\.5天、1\.5天），您写的是1\.2天/],
    ['请假 12月3日至12月4日 3天', A, /日期和天数对不上：12月3日至12月4日按工作日计算是2天，您写的是3天.*例如「请假 12月3日至12月4日」/],
    ['请假 明天 10小时', A, /需在当天下班（18:00）前结束.*例如「请假 明天下午 半天」/],
    ['请假 12月3日至4日 2小时', A, /按小时请假只能在同一天内.*例如/],
  ] as const)('%s', (text, now, why) => {
    const { result } = plan(text, now);
    expect('error' in result ? result.error : JSON.stringify(result)).toMatch(why);
  });
});
