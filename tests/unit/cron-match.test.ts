import { describe, expect, it } from 'vitest';
import { cronMatches } from '../../src/cron-match.js';

const at = (local: string) => new Date(`${local}+08:00`);

describe('cronMatches (which jobs `jobs run --now` runs)', () => {
  it.each([
    ['* * * * *', '2026-11-23T09:46:00', true],
    ['*/5 * * * * *', '2026-11-23T09:46:30', true],
    ['0 18 * * *', '2026-11-23T18:00:00', true],
    ['0 18 * * *', '2026-11-23T09:46:00', false],
    ['0 18 * * *', '2026-11-23T18:01:00', false],
    ['5 0 * * *', '2026-11-24T00:05:59', true],
    ['*/15 8-18 * * 1-5', '2026-11-23T10:30:00', true], // Monday
    ['*/15 8-18 * * 1-5', '2026-11-22T10:30:00', false], // Sunday
    ['0 9 * * 0', '2026-11-22T09:00:00', true],
    ['0 9 * * 7', '2026-11-22T09:00:00', true],
    ['0 9 1,15 * *', '2026-12-15T09:00:00', true],
    ['0 9 1 * 1', '2026-11-23T09:00:00', true], // day-of-month or weekday
  ])('%s at %s → %s', (expr, local, expected) => {
    expect(cronMatches(expr, at(local), 480)).toBe(expected);
  });
});
