// One normalisation pass: full-width → half-width, @mentions, 【】 brackets, separators, spaces.
// Chinese sentence punctuation (，；！？、。) is kept, so free text reads as the user typed it;
// the ASCII forms , and ; become their Chinese forms. ':' and '：' are separators (spaces),
// except inside a time such as 15:00.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Full-width punctuation that stays as typed (NFKC would turn it into ASCII). */
const KEEP = new Set(['，', '；', '！', '？', '（', '）']);

function toHalfWidth(input: string): string {
  let out = '';
  for (const c of input) out += KEEP.has(c) ? c : c.normalize('NFKC');
  return out;
}

export function normalize(input: string, botName = '值班台'): string {
  let s = toHalfWidth(input).replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
  s = s.replace(/[\u2005\u2006\u00a0\u3000\t\r\n]+/g, ' ');
  // The bot's own mention anywhere, then any leading @someone mentions.
  s = s.replace(new RegExp(`@${escape(botName.normalize('NFKC'))}\\s*`, 'g'), ' ').trim();
  s = s.replace(/^(?:@\S+\s+)+/, '');
  // 【报修】3栋… → 报修 3栋…
  s = s.replace(/【([^】]*)】/g, ' $1 ');
  // Separators: keep ':' inside times like 15:00.
  s = s.replace(/(?<!\d):|:(?!\d)/g, ' ').replace(/,/g, '，').replace(/;/g, '；');
  return tidy(s);
}

/**
 * Whitespace collapsed, no spaces around Chinese commas, runs of separators collapsed,
 * and no separator at either end. Used for the normalised text and every detail.
 */
export function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/\s*([，；、])\s*/g, '$1')
    .replace(/([，；、])[，；、]+/g, '$1')
    .replace(/^[\s，；、。]+|[\s，；、]+$/g, '');
}
