// Chinese numerals up to the thousands: 十 → 10, 二十三 → 23, 两 → 2, 一五零二 → 1502.
const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

export const CN_NUM = '[零〇一二两三四五六七八九十百千]+';

export function cnToInt(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (![...s].every((c) => c in DIGIT || c in UNIT)) return null;
  // Digit-by-digit form (一五零二).
  if (![...s].some((c) => c in UNIT)) return Number([...s].map((c) => DIGIT[c]).join(''));
  let total = 0;
  let cur = 0;
  for (const c of s) {
    if (c in DIGIT) cur = DIGIT[c]!;
    else {
      total += (cur || 1) * UNIT[c]!;
      cur = 0;
    }
  }
  return total + cur;
}

/** Replaces Chinese numerals that stand before one of the given suffixes with digits. */
export function digitsBefore(text: string, suffixes: string): string {
  return text.replace(new RegExp(`(${CN_NUM})(?=${suffixes})`, 'g'), (m) => String(cnToInt(m) ?? m));
}
