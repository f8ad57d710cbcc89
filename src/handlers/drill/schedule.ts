// When occurrences of periodic tasks fall due (docs/desk-rules.md#drill-due-times-and-reminders):
// default tasks at DRILL_DEFAULT_TIME on a working day (holiday calendar with 调休), the next occurrence on the
// planned day plus the period at the planned time, month-end tasks on the last working day of their month.
import { DAY, fromLocal, HOUR, localDate, localParts } from '../../clock.js';
import type { Drill } from '../../store/index.js';
import type { DrillDefault } from './defaults.js';

/** What due times are aligned to: the zone, the default time of day, the working-day calendar. */
export interface DueRules {
  offsetMinutes: number;
  /** HH:MM local: when default tasks fall due. */
  time: string;
  isWorkday(date: string): boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const shiftDay = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** At most this many days are searched for a working day (the longest holiday is about 9 days). */
const SEARCH_DAYS = 31;

/** YYYY-MM-DD `months` later; the day is clamped to the month's end (1月31日 → 2月28日). */
export function addMonthsToDate(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return `${year}-${pad(month)}-${pad(Math.min(d, daysIn(year, month)))}`;
}

/** The same local wall-clock time `months` later, day clamped to the month's end. */
export function addMonths(d: Date, months: number, offsetMinutes: number): Date {
  const p = localParts(d, offsetMinutes);
  return fromLocal(addMonthsToDate(localDate(d, offsetMinutes), months), `${pad(p.hour)}:${pad(p.minute)}`, offsetMinutes);
}

/** The date itself when it is a working day, else the next working day (a holiday moves the task forward). */
export function workdayOnOrAfter(date: string, rules: Pick<DueRules, 'isWorkday'>): string {
  for (let i = 0; i <= SEARCH_DAYS; i++) if (rules.isWorkday(shiftDay(date, i))) return shiftDay(date, i);
  return date;
}

/** The date itself when it is a working day, else the working day before it. */
export function workdayOnOrBefore(date: string, rules: Pick<DueRules, 'isWorkday'>): string {
  for (let i = 0; i <= SEARCH_DAYS; i++) if (rules.isWorkday(shiftDay(date, -i))) return shiftDay(date, -i);
  return date;
}

/** Local HH:MM of an instant. */
const timeOf = (d: Date, offsetMinutes: number) => {
  const p = localParts(d, offsetMinutes);
  return `${pad(p.hour)}:${pad(p.minute)}`;
};

/** The last working day of the first anchor month whose due time (rules.time) is strictly after `after`. */
export function nextAnchor(after: Date, anchorMonths: readonly number[], rules: DueRules): Date {
  const p = localParts(after, rules.offsetMinutes);
  const months = [...anchorMonths].sort((a, b) => a - b);
  if (!months.length) throw new Error('anchorMonths must not be empty');
  for (let year = p.year; year <= p.year + 1; year++) {
    for (const month of months) {
      const day = workdayOnOrBefore(`${year}-${pad(month)}-${pad(daysIn(year, month))}`, rules);
      const due = fromLocal(day, rules.time, rules.offsetMinutes);
      if (due.getTime() > after.getTime()) return due;
    }
  }
  throw new Error('unreachable: an anchor month recurs every year');
}

/** When the first occurrence of a default kind scheduled at `now` is due: one period after today, at rules.time. */
export function firstDue(def: Pick<DrillDefault, 'intervalMonths' | 'intervalHours' | 'anchorMonths'>, now: Date, rules: DueRules): Date | null {
  if (def.anchorMonths?.length) return nextAnchor(now, def.anchorMonths, rules);
  if (def.intervalMonths) return fromLocal(workdayOnOrAfter(addMonthsToDate(localDate(now, rules.offsetMinutes), def.intervalMonths), rules), rules.time, rules.offsetMinutes);
  if (def.intervalHours) return new Date(now.getTime() + def.intervalHours * HOUR);
  return null;
}

type Occurrence = Pick<Drill, 'kind' | 'dueAt' | 'intervalMonths' | 'intervalHours' | 'ownerId'>;

/**
 * The occurrence after `d`, recorded at `completedAt`: the planned day plus the period, at the planned time of day
 * (an auto-scheduled task without owner: rules.time), moved forward to a working day. Recorded early, the period
 * counts from the day it was done, so two runs are never further apart than the period. Month-end kinds go to the
 * next anchor after both the due time and the recording. Always after the recording.
 */
export function followingDue(d: Occurrence, completedAt: Date, rules: DueRules, def?: Pick<DrillDefault, 'anchorMonths'>): Date | null {
  const off = rules.offsetMinutes;
  if (def?.anchorMonths?.length && (d.intervalMonths || d.intervalHours)) {
    return nextAnchor(completedAt.getTime() > d.dueAt.getTime() ? completedAt : d.dueAt, def.anchorMonths, rules);
  }
  if (d.intervalHours) {
    const step = d.intervalHours * HOUR;
    const periods = Math.max(1, Math.floor((completedAt.getTime() - d.dueAt.getTime()) / step) + 1);
    return new Date(d.dueAt.getTime() + periods * step);
  }
  if (!d.intervalMonths) return null;
  const time = def && d.ownerId === null ? rules.time : timeOf(d.dueAt, off);
  const planned = localDate(d.dueAt, off);
  const done = localDate(completedAt, off);
  let base = done < planned ? done : planned;
  for (let i = 0; i < 1000; i++) {
    base = addMonthsToDate(base, d.intervalMonths);
    const due = fromLocal(workdayOnOrAfter(base, rules), time, off);
    if (due.getTime() > completedAt.getTime()) return due;
  }
  return null;
}
