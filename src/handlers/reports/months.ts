// Local months (YYYY-MM) as instant ranges, by the configured UTC offset (docs/desk-rules.md#calendars).
import type { MonthRange } from '../../store/index.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (s: string | undefined): s is string => !!s && MONTH.test(s);

/** The month `n` months after `month` (negative: before). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The local month an instant falls in. */
export const monthOf = (d: Date, offsetMinutes: number): string => new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 7);

/** The month before the one `now` is in: what a report shows by default. */
export const lastMonth = (now: Date, offsetMinutes: number): string => addMonths(monthOf(now, offsetMinutes), -1);

/** Midnight at the start of the local month, as an instant. */
export const monthStart = (month: string, offsetMinutes: number): Date => new Date(Date.parse(`${month}-01T00:00:00Z`) - offsetMinutes * 60_000);

/** [first month's start, the month after the last's start). */
export function monthsRange(first: string, last: string, offsetMinutes: number): MonthRange {
  return { from: monthStart(first, offsetMinutes), to: monthStart(addMonths(last, 1), offsetMinutes), offsetMinutes };
}

/** The `count` months ending with `last`, oldest first. */
export const monthsEnding = (last: string, count: number): string[] => Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));

/** A fraction rounded to 4 places (0.6667), null when there is nothing to divide by. */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** Adds `n` to the number kept under `key`. */
export function bump<K>(m: Map<K, number>, key: K, n: number): void {
  m.set(key, (m.get(key) ?? 0) + n);
}
