// The hold-out sets of resident-holdout.ts as a regression floor: at least 90 % right over all of them (intent and
// category; for typo rows the intent). Their first scores, before any tuning, are in resident-holdout.ts.
import { describe, expect, it } from 'vitest';
import { parseCommand, type ParseOptions } from '../../src/handlers/command/parse.js';
import { HOLDOUTS } from './resident-holdout.js';

const RESIDENT: ParseOptions = { now: new Date('2026-11-23T02:00:00Z'), utcOffsetMinutes: 480, fromResident: true };

describe('hold-out phrasings (regression floor)', () => {
  it('stays at or above 90 % over all sets, and 80 % in each', () => {
    const misses: string[] = [];
    let total = 0;
    const perSet: Record<string, number> = {};
    for (const [name, rows] of Object.entries(HOLDOUTS)) {
      let right = 0;
      for (const [input, intent, category] of rows) {
        const c = parseCommand(input, RESIDENT);
        if (c.intent === intent && (intent === 'typo' || c.category === category)) right++;
        else misses.push(`${name} ${input}: ${intent} ${category ?? ''} ≠ ${c.intent} ${c.category ?? ''}`);
      }
      perSet[name] = right / rows.length;
      total += rows.length;
    }
    const overall = 1 - misses.length / total;
    expect(overall, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    for (const [name, share] of Object.entries(perSet)) expect(share, `${name}\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.8);
  });
});
