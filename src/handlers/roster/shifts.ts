// Shift patterns (docs/desk-rules.md#shifts): the configured defaults, overridden per property and team.
import { fromLocal, localDate } from '../../clock.js';
import type { ShiftSetting } from '../../config.js';
import type { ShiftPattern } from '../../store/index.js';

export interface Shift {
  name: string;
  startMinute: number;
  endMinute: number;
}

/**
 * The shifts of a team at a property: the configured defaults, then the stored patterns from the least to the most
 * specific (every property and team, a team anywhere, a property's every team, the property's team).
 */
export function shiftsFor(defaults: readonly ShiftSetting[], stored: readonly ShiftPattern[], propertyId: number, team: string): Shift[] {
  const byName = new Map<string, Shift>(defaults.map((s) => [s.name, { ...s }]));
  const rank = (p: ShiftPattern) => (p.propertyId === propertyId ? 2 : 0) + (p.team === team ? 1 : 0);
  const fits = (p: ShiftPattern) => (p.propertyId === 0 || p.propertyId === propertyId) && (p.team === '' || p.team === team);
  for (const p of stored.filter(fits).sort((a, b) => rank(a) - rank(b))) byName.set(p.name, { name: p.name, startMinute: p.startMinute, endMinute: p.endMinute });
  return [...byName.values()].sort((a, b) => a.startMinute - b.startMinute);
}

/** An instant's local wall-clock time, HH:MM; the end of a shift at midnight reads 24:00. */
export function clockTime(d: Date, offsetMinutes: number, end = false): string {
  const t = new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(11, 16);
  return end && t === '00:00' ? '24:00' : t;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** 08:00-16:00 (an end at midnight reads 24:00). */
export const shiftHours = (s: Shift): string => `${hhmm(s.startMinute)}-${s.endMinute === 0 ? '24:00' : hhmm(s.endMinute)}`;

const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The instants a shift of a local date starts and ends; an end at or before the start is on the next day. */
export function shiftSpan(date: string, s: Shift, offsetMinutes: number): { startsAt: Date; endsAt: Date } {
  const startsAt = fromLocal(date, hhmm(s.startMinute), offsetMinutes);
  const endDate = s.endMinute <= s.startMinute ? nextDay(date) : date;
  return { startsAt, endsAt: fromLocal(endDate, hhmm(s.endMinute), offsetMinutes) };
}

/** The shift (of the list) running at the instant, with its date; yesterday's overnight shift counts too. */
export function shiftAt(shifts: readonly Shift[], at: Date, offsetMinutes: number): { shift: Shift; date: string; startsAt: Date; endsAt: Date } | null {
  const today = localDate(at, offsetMinutes);
  const yesterday = localDate(new Date(at.getTime() - 86_400_000), offsetMinutes);
  for (const date of [today, yesterday]) {
    for (const shift of shifts) {
      const span = shiftSpan(date, shift, offsetMinutes);
      if (span.startsAt <= at && at < span.endsAt) return { shift, date, ...span };
    }
  }
  return null;
}
