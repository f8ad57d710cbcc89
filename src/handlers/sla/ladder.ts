// The escalation ladder of one clock: when each level fires. Pure.
import type { ClockName } from '../../store/index.js';

/** Level index → name: 0 warning (owner), 1 breach (owner + lead), 2 supervisor, 3 manager. */
export const LEVEL_NAMES = ['warning', 'breach', 'supervisor', 'manager'] as const;

/**
 * After a drill is due, the levels above 100 % are measured on this span instead of the (months
 * long) time since the drill was planned: 150 % = 12 h late, 200 % = 24 h late.
 */
export const DRILL_OVERDUE_SPAN_MS = 24 * 60 * 60_000;

export interface LadderClock {
  clock: ClockName;
  startedAt: Date;
  dueAt: Date;
}

/** The instant each level fires, or null for a level this clock skips. */
export function levelTimes(c: LadderClock, levels: readonly number[]): Array<Date | null> {
  const start = c.startedAt.getTime();
  const due = c.dueAt.getTime();
  const span = Math.max(0, due - start);
  return levels.map((pct) => {
    if (c.clock === 'due') {
      // Drills have their own 7-day / 1-day / 2-hour reminders, so no percentage warning.
      if (pct < 100) return null;
      return new Date(due + ((pct - 100) / 100) * DRILL_OVERDUE_SPAN_MS);
    }
    return new Date(start + (span * pct) / 100);
  });
}

export interface LadderStep {
  /** The level to alert now (the highest one crossed), or null when none is due. */
  fire: number | null;
  /** What to store on the clock afterwards. */
  nextLevel: number;
  nextFireAt: Date | null;
}

/**
 * Decides what a sweep at `now` does with a clock whose next level is `nextLevel`. When several
 * levels were crossed at once (the service was down), only the highest is sent: a warning after
 * the breach would be noise.
 */
export function step(c: LadderClock, nextLevel: number, now: Date, levels: readonly number[]): LadderStep {
  const times = levelTimes(c, levels);
  let fire: number | null = null;
  for (let i = nextLevel; i < times.length; i++) {
    const t = times[i];
    if (t && t.getTime() <= now.getTime()) fire = i;
  }
  const from = fire === null ? nextLevel : fire + 1;
  let next = from;
  while (next < times.length && !times[next]) next++;
  return { fire, nextLevel: next, nextFireAt: times[next] ?? null };
}

/** "1小时5分钟", "2天3小时", "5分钟". */
export function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return `${days}天${hours ? `${hours}小时` : ''}`;
  if (hours) return `${hours}小时${mins ? `${mins}分钟` : ''}`;
  return `${mins}分钟`;
}
