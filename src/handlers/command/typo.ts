// "Did you mean": a message whose first word is a near miss of a command word (保修 → 报修, 拍单 → 派单, 到常 → 到场,
// baoxiu → 报修, hlep → help). A near miss is the same toneless pinyin (pinyin-pro, every reading of a polyphone), or,
// for words of three letters or more, one edit (Damerau: replace, insert, delete, swap: 转报秀, 紧急抱修, 请病家).
// A two-character word one edit away is half another word (完成, 查看, 接到, 报告), so there only the pinyin counts.
// And only where the rest reads like that command's arguments (a number, a place, a fault, a date), so 保修期多长,
// 保修卡丢了, 保安, 结伴 stay ordinary words.
import { pinyin } from 'pinyin-pro';
import type { Intent } from './command.js';
import { namesLeaveTime, parseLeaveWords } from './leave-words.js';
import { KEYWORDS } from './keywords.js';
import { lexiconHits } from './lexicon.js';
import { parseLocation } from './location.js';
import { parsePhone } from './phone.js';

/** Not offered as corrections: 菜单 (彩蛋), 帮助 (帮主), and 约 (one letter is no evidence). */
const TARGETS = KEYWORDS.filter((k) => !['菜单', '帮助', '约', 'help'].includes(k.word));

const readings = new Map<string, readonly string[]>();
function readingsOf(c: string): readonly string[] {
  let r = readings.get(c);
  if (!r) {
    r = /\p{Script=Han}/u.test(c) ? pinyin(c, { toneType: 'none', type: 'array', multiple: true }) : [c];
    readings.set(c, r);
  }
  return r;
}

/** Same toneless pinyin, letter by letter, allowing any reading of a polyphone (单 dan/shan, 长 chang/zhang). */
function homophone(a: string, b: string): boolean {
  if (a.length !== b.length || a === b || !/^\p{Script=Han}+$/u.test(a)) return false;
  return [...a].every((c, i) => c === b[i] || readingsOf(c).some((r) => readingsOf(b[i]!).includes(r)));
}

/** Optimal string alignment distance (edits incl. one swap of neighbours), for short words. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/** A command's first word ends here: nothing, a space, a number, a place letter, #, @ or punctuation. */
const BOUNDARY = /^(?:$|[\s#@\dA-Za-z，,。：；！!？?、])/;
/** Ticket verbs take a number: 拍单 #2, 到常 12. */
const NO_REF = new Set<Intent>(['repair', 'complaint', 'leave', 'handover', 'takeover', 'help', 'drill']);
const REF = /^\s*#?\s*\d{1,9}(?![\d栋幢座单元号楼室-])|#\s*\d{1,9}/;

/** The rest of the message reads like the arguments of this command. */
function argumentsFit(intent: Intent, rest: string, now: Date, offset: number): boolean {
  if (!NO_REF.has(intent)) return REF.test(rest);
  switch (intent) {
    case 'repair':
    case 'complaint': {
      const { location } = parseLocation(parsePhone(rest).rest);
      return Boolean(location.building || location.unit || parsePhone(rest).phone || lexiconHits(rest).some((h) => h.entry.act));
    }
    case 'leave':
      return namesLeaveTime(parseLeaveWords(rest, now, offset));
    case 'handover':
      return rest.trim().length > 0;
    case 'takeover':
      return REF.test(rest);
    case 'help':
      return rest.trim() === '';
    case 'drill':
      return /^\s*(?:新增|添加|计划|安排|完成|记录|列表|查看)/.test(rest);
    default:
      return false;
  }
}

interface Candidate {
  word: string;
  intent: Intent;
  /** Letters of the message taken by the misspelt word. */
  length: number;
  /** 0: same pinyin; 1: one edit. */
  rank: number;
}

/** Could `text` begin with a near miss of `word`? A cheap test before the real ones: the first letters sound alike,
 * or (one edit) one of the first two letters is in place or shifted by one. */
function mayStartWith(text: string, word: string): boolean {
  const [a, b] = [text[0]!, text[1] ?? ''];
  if (readingsOf(a).some((r) => readingsOf(word[0]!).includes(r))) return true;
  return word.length >= 3 && (a === word[0] || b === word[1] || a === word[1] || b === word[0]);
}

function candidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const latin = /^[a-z]+(?![a-z])/i.exec(text)?.[0].toLowerCase();
  if (latin) {
    if (latin !== 'help' && latin.length >= 3 && editDistance(latin, 'help') <= 1) out.push({ word: 'help', intent: 'help', length: latin.length, rank: 1 });
    for (const k of TARGETS) if (k.word.length >= 2 && latin === readingsKey(k.word)) out.push({ word: k.word, intent: k.intent, length: latin.length, rank: 0 });
    return out;
  }
  if (!/^\p{Script=Han}/u.test(text)) return out;
  for (const k of TARGETS) {
    if (!mayStartWith(text, k.word)) continue;
    const n = k.word.length;
    const same = text.slice(0, n);
    if (homophone(same, k.word)) out.push({ word: k.word, intent: k.intent, length: n, rank: 0 });
    else if (n >= 3) {
      for (const m of [n - 1, n, n + 1]) {
        const c = text.slice(0, m);
        if (m <= text.length && c !== k.word && /^\p{Script=Han}+$/u.test(c) && editDistance(c, k.word) === 1) out.push({ word: k.word, intent: k.intent, length: m, rank: 1 });
      }
    }
  }
  return out;
}

/** 报修 → baoxiu (first reading of each letter). */
const latinKeys = new Map<string, string>();
function readingsKey(word: string): string {
  let k = latinKeys.get(word);
  if (k === undefined) latinKeys.set(word, (k = [...word].map((c) => readingsOf(c)[0]).join('')));
  return k;
}

/** The corrected message when its first word is a near miss of a command word, else undefined. */
export function suggestCommand(text: string, now: Date, offset: number): string | undefined {
  const fits = candidates(text).filter((c) => BOUNDARY.test(text.slice(c.length)) && argumentsFit(c.intent, text.slice(c.length), now, offset));
  if (!fits.length) return undefined;
  const best = Math.min(...fits.map((c) => c.rank));
  const top = fits.filter((c) => c.rank === best);
  // Two different commands equally near (接到 #12: 接单 or 接班?): no guess.
  if (new Set(top.map((c) => c.intent)).size > 1) return undefined;
  const c = top.sort((a, b) => b.word.length - a.word.length)[0]!;
  return c.word + text.slice(c.length);
}
