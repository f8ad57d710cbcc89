// 请假 phrasings, table-driven: what people type → the span on the working calendar, the counted days (or minutes),
// how it reads, and the reason left over (never a date or length fragment). Parser (command/leave-words.ts) and
// resolver (handlers/leave/span.ts) together, pure, with fixed clocks in Asia/Shanghai:
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

const ROWS: Row[] = [
  // whole days and halves
  ['请假 明天', A, days('2026-12-02 am', '2026-12-02 pm'), 1, null, '12月2日（1天）'],
  ['请假 明天 事假 家里有事', A, days('2026-12-02 am', '2026-12-02 pm'), 1, null, '12月2日（1天）', '家里有事'],
  ['请假 明天上午 看牙', A, days('2026-12-02 am', '2026-12-02 am'), 0.5, null, '12月2日上午（0.5天）', '看牙'],
  ['请假 明天下午', A, days('2026-12-02 pm', '2026-12-02 pm'), 0.5, null, '12月2日下午（0.5天）'],
  ['请假 0.5天 事假 明天下午去银行', A, days('2026-12-02 pm', '2026-12-02 pm'), 0.5, null, '12月2日下午（0.5天）', '去银行'],
  ['请假 1.5天 事假 明天起', A, days('2026-12-02 am', '2026-12-03 am'), 1.5, null, '12月2日至12月3日上午（1.5天）'],
  ['请假 明天 半天', A, days('2026-12-02 am', '2026-12-02 am'), 0.5, null, '12月2日上午（0.5天）'],
  ['请假 明天下午 半天', A, days('2026-12-02 pm', '2026-12-02 pm'), 0.5, null, '12月2日下午（0.5天）'],
  ['请假 半天', A, days('2026-12-02 am', '2026-12-02 am'), 0.5, null, '12月2日上午（0.5天）'],
  ['请假 下午 去银行', A, days('2026-12-01 pm', '2026-12-01 pm'), 0.5, null, '12月1日下午（0.5天）', '去银行'],
  ['请假 上午', A, days('2026-12-01 am', '2026-12-01 am'), 0.5, null, '12月1日上午（0.5天）'],
  ['请假 明天 事假 下午去银行', A, days('2026-12-02 pm', '2026-12-02 pm'), 0.5, null, '12月2日下午（0.5天）', '去银行'],
  ['请假 明天 去医院复查 下午回来', A, days('2026-12-02 am', '2026-12-02 am'), 0.5, null, '12月2日上午（0.5天）', '去医院复查'],
  ['请假 一天半 从明天开始 回老家', A, days('2026-12-02 am', '2026-12-03 am'), 1.5, null, '12月2日至12月3日上午（1.5天）', '回老家'],
  ['请假 周三下午到周四', A, days('2026-12-02 pm', '2026-12-03 pm'), 1.5, null, '12月2日下午至12月3日（1.5天）'],
  ['请假 下周五', A, days('2026-12-11 am', '2026-12-11 pm'), 1, null, '12月11日（1天）'],
  // hours
  ['请假 2小时', A, hoursOn('2026-12-01', '09:00', '11:00'), 0.25, 120, '12月1日 09:00-11:00（2小时）'],
  ['请假 今天下午3点到5点', A, hoursOn('2026-12-01', '15:00', '17:00'), 0.25, 120, '12月1日 15:00-17:00（2小时）'],
  ['请假 明天上午9点到11点半 办证', A, hoursOn('2026-12-02', '09:00', '11:30'), 0.3125, 150, '12月2日 09:00-11:30（2小时30分钟）', '办证'],
  ['请假 明天 9:00-11:30', A, hoursOn('2026-12-02', '09:00', '11:30'), 0.3125, 150, '12月2日 09:00-11:30（2小时30分钟）'],
  ['请假 明天下午3点 2小时', A, hoursOn('2026-12-02', '15:00', '17:00'), 0.25, 120, '12月2日 15:00-17:00（2小时）'],
  ['请假 3点起 接孩子', A, hoursOn('2026-12-01', '15:00', '18:00'), 0.375, 180, '12月1日 15:00-18:00（3小时）', '接孩子'],
  ['请假 两个半小时', A, hoursOn('2026-12-01', '09:00', '11:30'), 0.3125, 150, '12月1日 09:00-11:30（2小时30分钟）'],
  ['请假 半个小时', A, hoursOn('2026-12-01', '09:00', '09:30'), 0.0625, 30, '12月1日 09:00-09:30（30分钟）'],
  // the lunch break and the evening are not working time
  ['请假 明天上午10点到下午2点', A, hoursOn('2026-12-02', '10:00', '14:00'), 0.375, 180, '12月2日 10:00-14:00（3小时）'],
  ['请假 明天下午5点到晚上8点', A, hoursOn('2026-12-02', '17:00', '20:00'), 0.125, 60, '12月2日 17:00-20:00（1小时）'],
  // ranges and lengths across weekends: working days only
  ['请假 12月3日至5日', A, days('2026-12-03 am', '2026-12-05 pm'), 2, null, '12月3日至12月5日（2天）'],
  ['请假 12月3日至12月7日', A, days('2026-12-03 am', '2026-12-07 pm'), 3, null, '12月3日至12月7日（3天）'],
  ['请假 下周一到周三', A, days('2026-12-07 am', '2026-12-09 pm'), 3, null, '12月7日至12月9日（3天）'],
  ['请假 周四 3天', A, days('2026-12-03 am', '2026-12-07 pm'), 3, null, '12月3日至12月7日（3天）'],
  ['请假 3天', A, days('2026-12-02 am', '2026-12-04 pm'), 3, null, '12月2日至12月4日（3天）'],
  ['请假 2.5天 12月3日起', A, days('2026-12-03 am', '2026-12-07 am'), 2.5, null, '12月3日至12月7日上午（2.5天）'],
  ['请假 12月3日下午至12月4日上午', A, days('2026-12-03 pm', '2026-12-04 am'), 1, null, '12月3日下午至12月4日上午（1天）'],
  ['请假 12月3日下午到5日', A, days('2026-12-03 pm', '2026-12-05 pm'), 1.5, null, '12月3日下午至12月5日（1.5天）'],
  ['请假 明后两天 家里有事', A, days('2026-12-02 am', '2026-12-03 pm'), 2, null, '12月2日至12月3日（2天）', '家里有事'],
  ['请假 两天半 周五起', A, days('2026-12-04 am', '2026-12-08 am'), 2.5, null, '12月4日至12月8日上午（2.5天）'],
  ['请假 12月4日下午起 1天', A, days('2026-12-04 pm', '2026-12-07 am'), 1, null, '12月4日下午至12月7日上午（1天）'],
  ['请假 3个工作日 下周一起', A, days('2026-12-07 am', '2026-12-09 pm'), 3, null, '12月7日至12月9日（3天）'],
  ['请病假 后天 三天 发烧', A, days('2026-12-03 am', '2026-12-07 pm'), 3, null, '12月3日至12月7日（3天）', '发烧'],
  // 元旦 2027 (override row): Friday 1 January off
  ['请假 12月31日至1月4日', A, days('2026-12-31 am', '2027-01-04 pm'), 2, null, '12月31日至1月4日（2天）'],
  ['请假 12月31日起2天', A, days('2026-12-31 am', '2027-01-04 pm'), 2, null, '12月31日至1月4日（2天）'],
  ['请假 12月28日至1月1日', A, days('2026-12-28 am', '2027-01-01 pm'), 4, null, '12月28日至1月1日（4天）'],
  // 国庆 2026 with its 调休 Saturday
  ['请假 9月30日至10月8日', B, days('2026-09-30 am', '2026-10-08 pm'), 2, null, '9月30日至10月8日（2天）'],
  ['请假 10月8日至10月10日', B, days('2026-10-08 am', '2026-10-10 pm'), 3, null, '10月8日至10月10日（3天）'],
  ['请假 10月9日起2天', B, days('2026-10-09 am', '2026-10-10 pm'), 2, null, '10月9日至10月10日（2天）'],
  ['请假 明天起3天', B, days('2026-09-29 am', '2026-10-08 pm'), 3, null, '9月29日至10月8日（3天）'],
  // 春节 2026: the 调休 Saturday counts, the holiday week does not
  ['请假 2月13日至2月24日', C, days('2026-02-13 am', '2026-02-24 pm'), 3, null, '2月13日至2月24日（3天）'],
  ['请假 2月14日', C, days('2026-02-14 am', '2026-02-14 pm'), 1, null, '2月14日（1天）'],
];

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
