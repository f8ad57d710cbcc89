// The intent sets of resident-intent-sets.ts (and the fresh set of resident-fresh.ts) as a regression floor: the
// intent, and the category where a row states one. Their first scores, before any tuning, are in those files.
import { describe, expect, it } from 'vitest';
import { parseCommand, type ParseOptions } from '../../src/handlers/command/parse.js';
import { ESTIMATE, FRESH } from './resident-fresh.js';
import { INTENT_SETS } from './resident-intent-sets.js';
import type { Row } from './resident-phrasings.js';

const RESIDENT: ParseOptions = { now: new Date('2026-11-23T02:00:00Z'), utcOffsetMinutes: 480, fromResident: true };

function misses(sets: Record<string, Row[]>): { share: number; perSet: Record<string, number>; missed: string[] } {
  const missed: string[] = [];
  const perSet: Record<string, number> = {};
  let total = 0;
  for (const [name, rows] of Object.entries(sets)) {
    let right = 0;
    for (const [input, intent, category] of rows) {
      const c = parseCommand(input, RESIDENT);
      if (c.intent === intent && (category === undefined || c.category === category)) right++;
      else missed.push(`${name} ${input}: ${intent} ${category ?? ''} ≠ ${c.intent} ${c.category ?? ''}`);
    }
    perSet[name] = right / rows.length;
    total += rows.length;
  }
  return { share: 1 - missed.length / total, perSet, missed };
}

/** The floor: `overall` of all rows right, and `each` of every set's. */
function expectFloor(sets: Record<string, Row[]>, overall: number, each: number): void {
  const { share, perSet, missed } = misses(sets);
  expect(share, missed.join('\n')).toBeGreaterThanOrEqual(overall);
  for (const [name, s] of Object.entries(perSet)) expect(s, `${name}\n${missed.join('\n')}`).toBeGreaterThanOrEqual(each);
}

describe('intent sets K1–K4 (regression floor)', () => {
  it('stays at or above 95 % over all sets, and 90 % in each', () => expectFloor(INTENT_SETS, 0.95, 0.9));

  it('has at least 30 rows in each set', () => {
    for (const rows of Object.values(INTENT_SETS)) expect(rows.length).toBeGreaterThanOrEqual(30);
  });
});

describe('fresh mixed sets F1, F2 (regression floor, once their first scores were taken)', () => {
  it('stays at or above 95 % over both sets, and 90 % in each', () => expectFloor(FRESH, 0.95, 0.9));
});

describe('fresh set F3 (the estimate for unseen text; never tuned on)', () => {
  it('does not fall below its first score: 72 of 80 intents, 69 with the stated category', () => {
    const rows = ESTIMATE.F3!;
    const intents = rows.filter(([input, intent]) => parseCommand(input, RESIDENT).intent === intent).length;
    const { missed } = misses(ESTIMATE);
    expect(intents).toBeGreaterThanOrEqual(72);
    expect(rows.length - missed.length, missed.join('\n')).toBeGreaterThanOrEqual(69);
  });
});
