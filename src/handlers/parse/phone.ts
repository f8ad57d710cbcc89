// Mainland mobile numbers, with or without separators or +86.
const PHONE = /(?<!\d)(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?!\d)/;

export function parsePhone(text: string): { phone?: string; rest: string } {
  const m = PHONE.exec(text);
  if (!m) return { rest: text };
  const rest = (text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length)).replace(/(电话|手机|联系方式)\s*$/, '').replace(/\s+/g, ' ').trim();
  return { phone: m[1]! + m[2]! + m[3]!, rest };
}
