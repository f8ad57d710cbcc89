// From what a 请假 message says (command/leave-words.ts) to a span on the person's working calendar, and how a span
// reads: 12月3日下午（0.5天）, 12月3日至12月7日（3天）, 12月1日 15:00-17:00（2小时）.
import { fromLocal, localDate, localParts } from '../../clock.js';
import type { WorkHours } from '../../config.js';
import type { Command } from '../command/command.js';
import type { HandlerContext } from '../context.js';
import { duration } from '../format.js';
import { asWorked } from '../roster/duty.js';
import { addDays, countLeave, endAfter, firstWorkingHalf, halfOrder, hhmm, officeDays, toMinutes, type LeaveCount, type LeavePerson, type LeaveSpan, type WorkingDay } from './count.js';

/** How far around today the roster is read for a leave (the longest leave asked for stays within it). */
const ROSTER_WINDOW_DAYS = 400;

/**
 * The working days leave is counted on (the seam described in count.ts): a person on the roster works the days
 * they are rostered (a 换班 counts for whoever works it), between the first and the last day the roster has for
 * them; before and after that, and for everyone not on a roster, the office calendar (docs/desk-rules.md#shifts).
 */
export async function workingDayOf(ctx: Pick<HandlerContext, 'calendar' | 'stores' | 'clock'>, person: Pick<LeavePerson, 'id'>): Promise<WorkingDay> {
  const office = officeDays(ctx.calendar);
  const now = ctx.clock.now().getTime();
  const window = ROSTER_WINDOW_DAYS * 86_400_000;
  const around = await ctx.stores.roster.between(new Date(now - window), new Date(now + window), { involving: person.id });
  if (!around.length) return office;
  const days = new Set(asWorked(around).filter((e) => e.personId === person.id && e.kind !== 'cover').map((e) => e.date));
  // The roster's range for the person: their own shifts, also those a 换班 gave away.
  const dates = around.map((e) => e.date).sort();
  const [first, last] = [dates[0]!, dates.at(-1)!];
  return (date, who) => (who.id === person.id && date >= first && date <= last ? days.has(date) : office(date, who));
}

export type LeaveAsk = Pick<Command, 'start' | 'end' | 'startHalf' | 'endHalf' | 'startTime' | 'endTime' | 'leaveDays' | 'leaveMinutes'>;
export type Resolution = { span: LeaveSpan; count: LeaveCount } | { error: string };

export interface ResolveContext {
  now: Date;
  offset: number;
  hours: WorkHours;
  person: LeavePerson;
  workingDay: WorkingDay;
}

/** 12月3日, from YYYY-MM-DD. */
export const md = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** 12月3日 · 12月3日下午 · 12月3日下午至12月4日上午 · 12月1日 15:00-17:00 */
export function spanText(s: LeaveSpan): string {
  if (s.startTime && s.endTime) return `${md(s.startDate)} ${s.startTime}-${s.endTime}`;
  if (s.startDate === s.endDate) return `${md(s.startDate)}${s.startHalf === s.endHalf ? (s.startHalf === 'am' ? '上午' : '下午') : ''}`;
  return `${md(s.startDate)}${s.startHalf === 'pm' ? '下午' : ''}至${md(s.endDate)}${s.endHalf === 'am' ? '上午' : ''}`;
}

/** 0.5天 · 3天 · 2小时 · 1小时30分钟 */
export const lengthText = (c: Pick<LeaveCount, 'days' | 'minutes'>): string => (c.minutes !== null ? duration(c.minutes) : `${c.days}天`);

/** The instant the leave starts / ends (a half starts and ends with LEAVE_WORK_HOURS). */
export const startInstant = (s: LeaveSpan, hours: WorkHours, offset: number): Date =>
  fromLocal(s.startDate, s.startTime ?? hhmm(s.startHalf === 'am' ? hours.am.start : hours.pm.start), offset);
export const endInstant = (s: LeaveSpan, hours: WorkHours, offset: number): Date =>
  fromLocal(s.endDate, s.endTime ?? hhmm(s.endHalf === 'am' ? hours.am.end : hours.pm.end), offset);

const EXAMPLES = '例如「请假 12月3日至12月4日」或「请假 12月3日起2天」';

function hourLeave(ask: LeaveAsk, c: ResolveContext): Resolution {
  const { hours } = c;
  if (ask.end && ask.end !== ask.start) return { error: '按小时请假只能在同一天内。跨天请按天请假，例如「请假 12月3日至12月4日」。' };
  if (ask.leaveDays !== undefined) return { error: '请只写天数或小时数其中一种，例如「请假 明天 1.5天」或「请假 明天上午 2小时」。' };
  const today = localDate(c.now, c.offset);
  const p = localParts(c.now, c.offset);
  const nowMin = p.hour * 60 + Math.ceil(p.minute / 10) * 10;
  let date = ask.start ?? today;
  let start: number;
  if (ask.startTime) start = toMinutes(ask.startTime);
  else {
    start = ask.startHalf === 'pm' ? hours.pm.start : hours.am.start;
    if (date === today) start = Math.max(start, nowMin);
    if (!ask.start && start >= hours.pm.end) {
      const next = firstWorkingHalf(addDays(today, 1), 'am', c.person, c.workingDay);
      if (next) [date, start] = [next.date, hours.am.start];
    }
  }
  // Not inside the working hours: the next working minute (lunch → the afternoon).
  if (!ask.startTime && start >= hours.am.end && start < hours.pm.start) start = hours.pm.start;
  let end: number;
  if (ask.endTime) end = toMinutes(ask.endTime);
  else if (ask.leaveMinutes !== undefined) {
    end = start;
    let left = ask.leaveMinutes;
    for (const span of [hours.am, hours.pm]) {
      const from = Math.max(end, span.start);
      if (from >= span.end || left <= 0) continue;
      const take = Math.min(left, span.end - from);
      end = from + take;
      left -= take;
    }
    if (left > 0) return { error: `按小时请假需在当天下班（${hhmm(hours.pm.end)}）前结束。时间更长请按天请假，例如「请假 明天下午 半天」。` };
  } else end = hours.pm.end;
  if (end <= start) return { error: `结束时间早于开始时间，请核对后重新发送，例如「请假 今天下午3点到5点」。` };
  const span: LeaveSpan = {
    startDate: date,
    endDate: date,
    startHalf: start < hours.am.end ? 'am' : 'pm',
    endHalf: end <= hours.am.end ? 'am' : 'pm',
    startTime: hhmm(start),
    endTime: hhmm(end),
  };
  const count = countLeave(span, c.person, c.workingDay, hours);
  if (!count.minutes) return { error: `${spanText(span)}不在工作时间内（工作日 ${hhmm(hours.am.start)}-${hhmm(hours.am.end)}、${hhmm(hours.pm.start)}-${hhmm(hours.pm.end)}），不用请假。` };
  if (ask.leaveMinutes !== undefined && ask.endTime && count.minutes !== ask.leaveMinutes) {
    return { error: `时间和时长对不上：${spanText(span)}是${lengthText(count)}，您写的是${duration(ask.leaveMinutes)}。请只写时间段或只写时长，例如「请假 今天下午3点到5点」。` };
  }
  return { span, count };
}

function dayLeave(ask: LeaveAsk, c: ResolveContext): Resolution {
  const asked = ask.leaveDays;
  if (asked !== undefined && (asked <= 0 || !Number.isInteger(asked * 2))) {
    return { error: `按天请假以半天为单位（0.5天、1.5天），您写的是${asked}天。按小时请假请写「请假 明天上午 2小时」。` };
  }
  let startDate = ask.start;
  const startHalf = ask.startHalf ?? 'am';
  if (!startDate) {
    // A half of the day alone (请假 下午): today's, unless it is over, then the next working day's.
    const today = localDate(c.now, c.offset);
    const p = localParts(c.now, c.offset);
    const over = p.hour * 60 + p.minute >= (startHalf === 'am' ? c.hours.am.end : c.hours.pm.end);
    startDate = over ? (firstWorkingHalf(addDays(today, 1), 'am', c.person, c.workingDay)?.date ?? addDays(today, 1)) : today;
  }
  let span: LeaveSpan;
  if (ask.end) {
    // One day with a half named (明天下午) is that half; otherwise the last day is whole unless its half is named.
    const endHalf = ask.endHalf ?? (ask.end === startDate && ask.startHalf ? ask.startHalf : 'pm');
    span = { startDate, startHalf, endDate: ask.end, endHalf, startTime: null, endTime: null };
  } else if (asked !== undefined) {
    const first = firstWorkingHalf(startDate, startHalf, c.person, c.workingDay);
    const last = first && endAfter(first.date, first.half, asked * 2, c.person, c.workingDay);
    if (!first || !last) return { error: `找不到${md(startDate)}之后的工作日，请写明日期，${EXAMPLES}。` };
    span = { startDate: first.date, startHalf: first.half, endDate: last.date, endHalf: last.half, startTime: null, endTime: null };
  } else {
    span = { startDate, startHalf, endDate: startDate, endHalf: ask.startHalf ?? 'pm', startTime: null, endTime: null };
  }
  if (halfOrder({ date: span.endDate, half: span.endHalf }, { date: span.startDate, half: span.startHalf }) < 0) {
    return { error: `结束日期早于开始日期，请核对后重新发送，${EXAMPLES}。` };
  }
  const count = countLeave(span, c.person, c.workingDay, c.hours);
  if (count.days === 0) return { error: `${spanText(span)}不是您的工作日（周末、节假日或排班表上的休息日），不用请假。如果当天要上班，请联系组长。` };
  if (asked !== undefined && ask.end && count.days !== asked) {
    return { error: `日期和天数对不上：${spanText(span)}按工作日计算是${count.days}天，您写的是${asked}天。请只写日期或只写天数，${EXAMPLES}。` };
  }
  return { span, count };
}

/** The span and its count for what the message says; an error (with a correct example) when it does not add up. */
export function resolveLeave(ask: LeaveAsk, c: ResolveContext): Resolution {
  return ask.startTime || ask.leaveMinutes !== undefined ? hourLeave(ask, c) : dayLeave(ask, c);
}
