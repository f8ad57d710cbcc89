// Mainland mobile numbers, with or without separators or +86.
const PHONE = /(?<!\d)(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?!\d)/;
/** "电话 13812345678", "联系电话：…", "手机号是 …": the lead-in goes with the number. */
const LEAD_IN = /(?:联系电话|联系方式|电话|手机号码|手机号|手机)\s*(?:是|为)?\s*$/;

export function parsePhone(text: string): { phone?: string; rest: string } {
  const m = PHONE.exec(text);
  if (!m) return { rest: text };
  const rest = (text.slice(0, m.index).replace(LEAD_IN, '') + ' ' + text.slice(m.index + m[0].length)).replace(/\s+/g, ' ').trim();
  return { phone: m[1]! + m[2]! + m[3]!, rest };
}
