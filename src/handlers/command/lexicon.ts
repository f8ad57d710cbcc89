// The household lexicon: which words point to which category (categories.ts) and whether they say that something
// is wrong. Matching is a plain substring scan, leftmost-longest, so 卫生间 is never 卫生, 电梯门 is never 门 and
// 狗叫 (噪音) is never 狗 (宠物).
//
// Substring lexicon vs word segmentation. The same entries, matched either anywhere (substring, leftmost-longest) or
// only where both ends fall on a word boundary of @node-rs/jieba 2.0.3 (default dictionary, HMM off), and jieba again
// after loading every lexicon word into it as a user word; resident.ts and PATTERNS are the same in all three. Share of
// residents' messages with intent and category both right (typo rows left out; sets in tests/unit/resident-*.ts):
//
//                                               substring        jieba            jieba + lexicon as user words
//   fresh hold-outs H5–H7, scored once, untuned  88/130  67.7 %   85/130  65.4 %   87/130  66.9 %
//   all tables today (acceptance, H1–H7)         349/371 94.1 %   336/371 90.6 %   343/371 92.5 %
//   time per message, warm                       ~9 µs            ~13 µs           ~11 µs   (+0.4–2 s, 11 MB to load)
//
// jieba wins where a one-letter entry sits inside another word (返/臭味 is no 臭 complaint, 喷水/头 no 水); it loses
// where a lexicon word is only part of one of its words (路/灯不亮, 垃圾桶, 吸顶灯, 推拉窗, 偷油, 放鞭炮, 月/租车/位).
// Within three points on unseen text, the substring lexicon needs no native module and no second dictionary to keep
// in step: it is what the parser uses. One-letter pitfalls are handled here with neutral entries (卫生间, 天花板, 花园).
import type { Category } from '../categories.js';
import { PATTERNS } from './lexicon-patterns.js';
import { readTable } from './table.js';

export type Kind = 'repair' | 'complaint';

export interface Entry {
  word: string;
  /** null: a neutral word that only keeps its letters from matching anything else (卫生间, 门口). */
  kind: Kind | null;
  category: Category | null;
  /** 3: an object or topic that names the category; 2: a symptom or grievance; 1: a place; 10 outweighs any fault it mentions. */
  weight: number;
  /** The word says that something is wrong (a fault, a grievance), not only what it is about. */
  act: boolean;
}

type Spec = [kind: Kind | null, category: Category | null, weight: number, act: boolean, words: string];

/** The rows of lexicon.tsv (the words are data): kind, category, weight, act, the words. */
const SPECS: Spec[] = readTable(new URL('./lexicon.tsv', import.meta.url)).map(([kind, category, weight, act, words]) => {
  if (!kind || !category || !weight || !act || !words) throw new Error(`lexicon.tsv: bad row for «${words}»`);
  return [kind === '-' ? null : (kind as Kind), category === '-' ? null : (category as Category), Number(weight), act === 'yes', words];
});

const LISTED = SPECS.flatMap(([kind, category, weight, act, words]) => words.split(' ').map((word): Entry => ({ word, kind, category, weight, act })));
export const ENTRIES: ReadonlyMap<string, Entry> = new Map(LISTED.map((e) => [e.word, e]));
/** Words listed twice (the later one would win silently): checked by the tests. */
export const DUPLICATES = LISTED.map((e) => e.word).filter((w, i, all) => all.indexOf(w) !== i);
/** The lengths of the words that begin with a letter (UTF-16 unit), longest first: the only substrings worth trying. */
const LENGTHS = new Map<string, number[]>();
for (const w of ENTRIES.keys()) LENGTHS.set(w[0]!, [...new Set([...(LENGTHS.get(w[0]!) ?? []), w.length])].sort((a, b) => b - a));

export interface Hit {
  entry: Entry;
  index: number;
}

/**
 * Lexicon words in the text, leftmost-longest and not overlapping. `boundaries` (offsets where a word may start or
 * end) restricts matches to a segmenter's words; without it any substring counts.
 */
export function lexiconHits(text: string, boundaries?: ReadonlySet<number>): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < text.length; ) {
    let len = 0;
    const lengths = LENGTHS.get(text[i]!);
    if (lengths && (!boundaries || boundaries.has(i))) {
      for (const n of lengths) {
        if (i + n <= text.length && (!boundaries || boundaries.has(i + n)) && ENTRIES.has(text.slice(i, i + n))) {
          len = n;
          break;
        }
      }
    }
    if (len) {
      const entry = ENTRIES.get(text.slice(i, i + len))!;
      if (entry.kind) hits.push({ entry, index: i });
      i += len;
    } else i += 1;
  }
  for (const [re, e] of PATTERNS) for (const m of text.matchAll(re)) hits.push({ entry: { word: m[0], ...e }, index: m.index });
  return hits;
}

/** The sum of the weights of one kind's words (all kinds: null). */
export const score = (hits: Hit[], kind: Kind): number => hits.reduce((s, h) => s + (h.entry.kind === kind ? h.entry.weight : 0), 0);

/**
 * The category of one kind with the highest total weight; on a tie the one a grievance or fault word points to (贴条
 * over 停车费), then the one named first. Undefined when no word of that kind names one.
 */
export function categoryOf(hits: Hit[], kind: Kind, keep: (h: Hit) => boolean = () => true): Category | undefined {
  const totals = new Map<Category, { weight: number; act: boolean }>();
  for (const h of hits) {
    if (h.entry.kind !== kind || !h.entry.category || !keep(h)) continue;
    const t = totals.get(h.entry.category) ?? { weight: 0, act: false };
    totals.set(h.entry.category, { weight: t.weight + h.entry.weight, act: t.act || h.entry.act });
  }
  let best: Category | undefined;
  for (const [c, t] of totals) {
    const b = best && totals.get(best)!;
    if (!b || t.weight > b.weight || (t.weight === b.weight && t.act && !b.act)) best = c;
  }
  return best;
}
