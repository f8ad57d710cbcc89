// One normalisation pass: full-width → half-width, @mentions, 【】 brackets, separators, spaces.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function normalize(input: string, botName = '值班台'): string {
  let s = input.normalize('NFKC');
  s = s.replace(/[\u2005\u2006\u00a0\u3000\t\r\n]+/g, ' ');
  // The bot's own mention anywhere, then any leading @someone mentions.
  s = s.replace(new RegExp(`@${escape(botName)}\\s*`, 'g'), ' ').trim();
  s = s.replace(/^(?:@\S+\s+)+/, '');
  // 【报修】3栋… → 报修 3栋…
  s = s.replace(/【([^】]*)】/g, ' $1 ');
  // Separators: full-width ones are already half-width; keep ':' inside times like 15:00.
  s = s.replace(/(?<!\d):|:(?!\d)/g, ' ').replace(/[,;、;]/g, ' ');
  return s.replace(/\s+/g, ' ').trim();
}
