// Does a cron expression fire in the local minute of an instant? (`jobs run --now` runs only due jobs.)
// Supports numbers, *, lists, ranges and steps in 5 or 6 fields (the seconds field counts as "any").
import { localParts } from './clock.js';

function fieldMatches(field: string, value: number, min: number, max: number): boolean {
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText ? Number(stepText) : 1;
    let lo = min;
    let hi = max;
    if (range !== '*') {
      const [a, b] = range.split('-');
      lo = Number(a);
      hi = b === undefined ? (stepText ? max : lo) : Number(b);
    }
    if (![lo, hi, step].every(Number.isFinite)) return true; // names (jan, mon): be permissive
    return value >= lo && value <= hi && (value - lo) % step === 0;
  });
}

export function cronMatches(expr: string, at: Date, offsetMinutes: number): boolean {
  const fields = expr.trim().split(/\s+/);
  const [minute, hour, day, month, weekday] = (fields.length === 6 ? fields.slice(1) : fields) as [string, string, string, string, string];
  const p = localParts(at, offsetMinutes);
  const dow = p.weekday;
  const dayOk = fieldMatches(day, p.day, 1, 31);
  const dowOk = fieldMatches(weekday, dow, 0, 7) || (dow === 0 && fieldMatches(weekday, 7, 0, 7));
  // Standard cron: when both day fields are restricted, either may match.
  const days = day !== '*' && weekday !== '*' ? dayOk || dowOk : dayOk && dowOk;
  return fieldMatches(minute, p.minute, 0, 59) && fieldMatches(hour, p.hour, 0, 23) && fieldMatches(month, p.month, 1, 12) && days;
}

/** Does the seconds field of a 6-field cron fire at this second (0–59)? */
export function secondMatches(field: string, second: number): boolean {
  return fieldMatches(field, second, 0, 59);
}
