// Working-day arithmetic on the Chinese public-holiday calendar (with 调休), via chinese-days, plus the
// override table (CalendarStore) for dates the library does not know yet (a new year's State Council
// notice) or local exceptions: a row wins over the library.   docs/desk-rules.md#calendars
import chineseDays from 'chinese-days';
import { DAY, localDate } from '../../clock.js';
import type { CalendarStore } from '../../store/index.js';

export interface WorkCalendar {
  isWorkday(date: string): boolean;
  /** The same local time of day, `days` working days later. */
  addWorkdays(from: Date, days: number): Date;
}

/** overrides: YYYY-MM-DD → true (working day) / false (day off). */
export function createCalendar(offsetMinutes: number, overrides: ReadonlyMap<string, boolean> = new Map()): WorkCalendar {
  const isWorkday = (date: string) => overrides.get(date) ?? chineseDays.isWorkday(date);
  return {
    isWorkday,
    addWorkdays(from, days) {
      let t = from.getTime();
      let left = days;
      while (left > 0) {
        t += DAY;
        if (isWorkday(localDate(new Date(t), offsetMinutes))) left--;
      }
      return new Date(t);
    },
  };
}

/** The working-day calendar with the override table applied. */
export async function loadCalendar(store: CalendarStore, offsetMinutes: number): Promise<WorkCalendar> {
  return createCalendar(offsetMinutes, await store.overrides());
}

/**
 * Whether the bundled chinese-days data covers the year: it lists at least one public holiday
 * (节假日, not ordinary weekends) in it. The package ships data up to the last published State
 * Council notice; a year beyond it falls back to plain Monday–Friday, silently.
 */
export function libraryCovers(year: number): boolean {
  return chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

export interface Coverage {
  year: number;
  /** chinese-days has holiday data for the year. */
  library: boolean;
  /** Override rows dated in the year. */
  overrides: number;
  /** Either of the two: working-day deadlines in that year follow a real holiday calendar. */
  covered: boolean;
}

export async function coverage(store: CalendarStore, year: number): Promise<Coverage> {
  const library = libraryCovers(year);
  const overrides = await store.countBetween(`${year}-01-01`, `${year}-12-31`);
  return { year, library, overrides, covered: library || overrides > 0 };
}
