// The time slots of patrol rounds: PATROL_INTERVAL_HOURS long, from the start of the active hours
// (PATROL_ACTIVE_HOURS, default the whole day); the last slot of a window ends with the window.
import { DAY, fromLocal, HOUR, localDate, MINUTE } from '../../clock.js';
import type { PatrolConfig } from '../../config.js';

export interface Slot {
  slotStart: Date;
  slotEnd: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;

/** Length of the active window in minutes (a window whose end is not after its start runs past midnight). */
const windowMinutes = (p: Pick<PatrolConfig, 'from' | 'until'>) => (p.until > p.from ? p.until - p.from : p.until + 24 * 60 - p.from);

/** The slot `now` falls in, or null outside the active hours. */
export function slotAt(now: Date, p: Pick<PatrolConfig, 'from' | 'until' | 'intervalHours'>, offsetMinutes: number): Slot | null {
  const today = localDate(now, offsetMinutes);
  // The window that started today, or (running past midnight) the one that started yesterday.
  for (const day of [today, localDate(new Date(now.getTime() - DAY), offsetMinutes)]) {
    const start = fromLocal(day, hhmm(p.from), offsetMinutes).getTime();
    const end = start + windowMinutes(p) * MINUTE;
    if (now.getTime() < start || now.getTime() >= end) continue;
    const step = p.intervalHours * HOUR;
    const slotStart = start + Math.floor((now.getTime() - start) / step) * step;
    return { slotStart: new Date(slotStart), slotEnd: new Date(Math.min(slotStart + step, end)) };
  }
  return null;
}

/** How many slots one active window has (for 「今日应巡 12 轮」). */
export function slotsPerWindow(p: Pick<PatrolConfig, 'from' | 'until' | 'intervalHours'>): number {
  return Math.ceil(windowMinutes(p) / (p.intervalHours * 60));
}

/** The active hours as people read them: 全天 / 08:00–22:00 / 20:00–次日08:00. */
export function activeHoursZh(p: Pick<PatrolConfig, 'from' | 'until'>): string {
  if (windowMinutes(p) === 24 * 60) return '全天';
  const end = p.until === 24 * 60 ? '24:00' : hhmm(p.until);
  return `${hhmm(p.from)}–${p.until > p.from ? '' : '次日'}${end}`;
}
