// The acceptance table of #12: residents' own phrasings → the intent and category the desk must get. The rows live
// in phrasings/acceptance.tsv, so measurements can read them without the test runner. See resident.test.ts.
import type { Command } from '../../src/handlers/command/command.js';
import { readPhrasings } from './phrasings/read.js';

export type Row = [input: string, intent: Command['intent'], category?: string];

export const ACCEPTANCE: Row[] = readPhrasings('acceptance.tsv').rows;
