// Residents' phrasings written as hold-outs, each before the parser had seen it, then scored once (intent and
// category both right; typo rows: intent). After that first score each set was used to improve the lexicon, so it is
// now a regression floor, not a measure of what the parser does with phrasings it has never seen. First scores:
//
//   set  rows  first score (intent+category / intent only)   what it was
//   H1    42   34 = 81.0 %  / 36 = 85.7 %    written before lexicon.ts existed
//   H2    42   26 = 61.9 %  / 31 = 73.8 %    its own words deliberately kept out of the lexicon until scored
//   H3    42   23 = 54.8 %  / 26 = 61.9 %
//   H4    45   29 = 64.4 %  / 35 = 77.8 %
//   H5    47   36 = 76.6 %  / 41 = 87.2 %
//   H6    43   29 = 67.4 %  / 34 = 79.1 %
//   H7    46   28 = 60.9 %  / 35 = 76.1 %    the last one: the best estimate for unseen phrasings
//
// The rows live in phrasings/*.tsv (read by resident-holdout.test.ts and by measurements outside the test runner).
import type { Row } from './resident-phrasings.js';
import { readPhrasings } from './phrasings/read.js';

export const HOLDOUTS: Record<string, Row[]> = readPhrasings('holdout-sets.tsv').sets;
