// How much working time a leave takes. A day counts as two halves (上午 / 下午, 0.5天 each); an hour leave counts
// its minutes inside the working hours (LEAVE_WORK_HOURS, lunch excluded). Only the person's working days count:
// a leave across a weekend or a public holiday counts the working days in it (docs/desk-rules.md#calendars).
//
// THE SEAM: `WorkingDay` answers "does this person work on this date?": the office calendar (officeDays: chinese-days
// with 调休, plus the override table, sla/calendar.ts), or for a person on the roster the days rostered
// (workingDayOf in span.ts). Every count, end date and early return below follows the person's own days.
import type { WorkHours } from '../../config.js';
import type { Half, LeaveEnd, LeaveRequest, Person } from '../../store/index.js';
import type { WorkCalendar } from '../sla/calendar.js';

export type LeavePerson = Pick<Person, 'id' | 'role' | 'team'>;
export type WorkingDay = (date: string, person: LeavePerson) => boolean;

/** The office calendar for everyone (until rosters say otherwise). */
export const officeDays = (calendar: Pick<WorkCalendar, 'isWorkday'>): WorkingDay => (date) => calendar.isWorkday(date);

/** Where a leave runs: dates with halves, or (hour leave) clock times on one date. */
export type LeaveSpan = Pick<LeaveRequest, 'startDate' | 'startHalf' | 'startTime' | 'endDate' | 'endHalf' | 'endTime'>;

export interface LeaveCount {
  /** Working days, decimal: 0.5 steps for a day leave, minutes / the working day for an hour leave. */
  days: number;
  /** An hour leave's working minutes; null for a day leave. */
  minutes: number | null;
  /** Dates in the span that are not working days (not counted). */
  skipped: string[];
}

const DAY_MS = 86_400_000;
export const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
export const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Working minutes between two times of one day (the lunch break left out). */
export function workMinutes(from: number, to: number, hours: WorkHours): number {
  const overlap = (s: { start: number; end: number }) => Math.max(0, Math.min(to, s.end) - Math.max(from, s.start));
  return overlap(hours.am) + overlap(hours.pm);
}

/** A half day as a number that orders: date and half. */
const halfKey = (date: string, half: Half) => `${date}${half === 'am' ? 0 : 1}`;
export const halfOrder = (a: { date: string; half: Half }, b: { date: string; half: Half }): number => halfKey(a.date, a.half).localeCompare(halfKey(b.date, b.half));

/** countLeave(span, person): the days (and minutes) the leave takes out of the person's working time. */
export function countLeave(span: LeaveSpan, person: LeavePerson, workingDay: WorkingDay, hours: WorkHours): LeaveCount {
  if (span.startTime && span.endTime) {
    const works = workingDay(span.startDate, person);
    const minutes = works ? workMinutes(toMinutes(span.startTime), toMinutes(span.endTime), hours) : 0;
    return { days: Math.round((minutes / hours.dayMinutes) * 10_000) / 10_000, minutes, skipped: works ? [] : [span.startDate] };
  }
  let halves = 0;
  const skipped: string[] = [];
  for (let d = span.startDate; d <= span.endDate; d = addDays(d, 1)) {
    if (!workingDay(d, person)) {
      skipped.push(d);
      continue;
    }
    halves += 2 - (d === span.startDate && span.startHalf === 'pm' ? 1 : 0) - (d === span.endDate && span.endHalf === 'am' ? 1 : 0);
  }
  return { days: halves / 2, minutes: null, skipped };
}

/** The first working half at or after the given one (null when none within a year). */
export function firstWorkingHalf(date: string, half: Half, person: LeavePerson, workingDay: WorkingDay): { date: string; half: Half } | null {
  for (let d = date, i = 0; i < 366; d = addDays(d, 1), i++) if (workingDay(d, person)) return { date: d, half: d === date ? half : 'am' };
  return null;
}

/** Where `halves` working halves from (date, half) on end: 3天 from a start. */
export function endAfter(date: string, half: Half, halves: number, person: LeavePerson, workingDay: WorkingDay): { date: string; half: Half } | null {
  let left = halves;
  for (let d = date, i = 0; i < 400; d = addDays(d, 1), i++) {
    if (!workingDay(d, person)) continue;
    for (const h of ['am', 'pm'] as const) {
      if (d === date && half === 'pm' && h === 'am') continue;
      if (--left === 0) return { date: d, half: h };
    }
  }
  return null;
}

/** The leave cut short at a new end, counted again. */
export function shortened(span: LeaveSpan, end: Pick<LeaveEnd, 'endDate' | 'endHalf' | 'endTime'>, person: LeavePerson, workingDay: WorkingDay, hours: WorkHours): LeaveEnd {
  const count = countLeave({ ...span, ...end }, person, workingDay, hours);
  return { ...end, days: count.days, minutes: count.minutes };
}
