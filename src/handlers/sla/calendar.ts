// Working-day arithmetic on the Chinese public-holiday calendar (with 调休), via chinese-days,
// plus an override table for dates the library does not know yet.
import chineseDays from 'chinese-days';
import { DAY, localDate } from '../../clock.js';

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
