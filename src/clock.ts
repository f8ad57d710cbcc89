// The injected clock. Nothing else in src/ calls Date.now() or new Date() for "now".

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where it is put; tests move it with set() / advance(). */
export interface ManualClock extends Clock {
  set(iso: string | Date): void;
  advance(ms: number): void;
}

export function fixedClock(start: string | Date): ManualClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Wall-clock parts of an instant in a zone given by its UTC offset (Asia/Shanghai: +480). */
export function localParts(d: Date, offsetMinutes: number) {
  const s = new Date(d.getTime() + offsetMinutes * MINUTE);
  return {
    year: s.getUTCFullYear(),
    month: s.getUTCMonth() + 1,
    day: s.getUTCDate(),
    hour: s.getUTCHours(),
    minute: s.getUTCMinutes(),
    weekday: s.getUTCDay(),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of an instant in the zone. */
export function localDate(d: Date, offsetMinutes: number): string {
  const p = localParts(d, offsetMinutes);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "11月23日 14:05" style, for replies. */
export function formatLocal(d: Date, offsetMinutes: number): string {
  const p = localParts(d, offsetMinutes);
  return `${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The instant of a local wall-clock time in the zone. */
export function fromLocal(date: string, time: string, offsetMinutes: number): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - offsetMinutes * MINUTE);
}
