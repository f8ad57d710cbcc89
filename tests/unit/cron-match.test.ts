import { describe, expect, it } from 'vitest';
import { cronMatches } from '../../src/cron-match.js';
import { readRows } from './phrasings/read.js';

const at = (local: string) => new Date(`${local}+08:00`);

describe('cronMatches (which jobs `jobs run --now` runs)', () => {
  it.each(readRows('cron.tsv').map(([expr, local, fires]) => [expr!, local!, fires === 'yes'] as const))('%s at %s → %s', (expr, local, expected) => {
    expect(cronMatches(expr, at(local), 480)).toBe(expected);
  });
});
