// Dates and times relative to "now" in a zone given by its UTC offset (Asia/Shanghai: +480).
// Hand-written rules for the leave forms people type; chrono-node's zh parser as a fallback
// for free-form times (it ignores named zones, so it gets the offset).
import * as chrono from 'chrono-node';
import { cnToInt } from './numerals.js';

const DAY_MS = 86_400_000;

/** A calendar day in the zone, as days since the epoch (timezone-free arithmetic). */
export type Day = number;

export const dayOf = (now: Date, offset: number): Day => Math.floor((now.getTime() + offset * 60_000) / DAY_MS);
const ymd = (y: number, m: number, d: number): Day => Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
export const isoDay = (d: Day): string => new Date(d * DAY_MS).toISOString().slice(0, 10);
const weekday = (d: Day) => (new Date(d * DAY_MS).getUTCDay() + 6) % 7; // Monday = 0

const WEEKDAY: Record<string, number> = { 一: 0, 二: 1, 三: 2, 四: 3, 五: 4, 六: 5, 日: 6, 天: 6, '1': 0, '2': 1, '3': 2, '4': 3, '5': 4, '6': 5, '7': 6 };

/** A month/day up to this many days before `base` means the recent past (a late request), not next year. */
const RECENT_PAST_DAYS = 31;

/**
 * Month/day without a year: the first such date on or after `base` − 31 days. So 1月5日 said in
 * November is next January, while 11月20日 said on 11月23日 is three days ago (the leave handler
 * then refuses it as a past date) instead of silently meaning next year.
 */
function monthDay(base: Day, m: number, d: number): Day | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const y = new Date(base * DAY_MS).getUTCFullYear();
  for (const year of [y - 1, y]) {
    const c = ymd(year, m, d);
    if (c >= base - RECENT_PAST_DAYS) return c;
  }
  return ymd(y + 1, m, d);
}

const RELATIVE: Record<string, number> = { 大前天: -3, 前天: -2, 昨天: -1, 昨日: -1, 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 大后天: 3 };

const TOKEN = new RegExp(
  [
    String.raw`(?<iso>\d{4})[-/.年](?<isoM>\d{1,2})[-/.月](?<isoD>\d{1,2})[日号]?`,
    String.raw`(?<cm>\d{1,2})月(?<cd>\d{1,2})[日号]?`,
    String.raw`(?<sm>\d{1,2})[./](?<sd>\d{1,2})(?![\d:])`,
    String.raw`(?<rel>大后天|后天|明天|明日|今天|今日|大前天|前天|昨天|昨日)`,
    String.raw`(?<wk>下下周|下周|本周|这周|这个星期|下个星期|周|星期|礼拜)(?<wd>[一二三四五六日天1-7])`,
    String.raw`(?<bare>(?<![\d月./-])\d{1,2})[日号](?!\d)`,
  ].join('|'),
  'g',
);

export interface Found {
  day: Day;
  index: number;
  length: number;
}

function dayFromMatch(g: Record<string, string | undefined>, today: Day, prev: Found | undefined): Day | null {
  if (g.iso) return ymd(Number(g.iso), Number(g.isoM), Number(g.isoD));
  if (g.cm) return monthDay(today, Number(g.cm), Number(g.cd));
  if (g.sm) {
    // In a range "11/30-12/2", the end follows the start (so 1/2 after 12/30 is next year).
    const base = prev ? prev.day : today;
    return monthDay(base, Number(g.sm), Number(g.sd));
  }
  if (g.rel) return today + RELATIVE[g.rel]!;
  if (g.wk) {
    const wd = WEEKDAY[g.wd!]!;
    const monday = today - weekday(today);
    if (g.wk === '下周' || g.wk === '下个星期') return monday + 7 + wd;
    if (g.wk === '下下周') return monday + 14 + wd;
    if (g.wk === '本周' || g.wk === '这周' || g.wk === '这个星期') return monday + wd;
    // "下周一到周三": a plain weekday after another day is the first such day on or after it.
    if (prev) return prev.day + ((wd - weekday(prev.day) + 7) % 7);
    const d = monday + wd;
    return d >= today ? d : d + 7;
  }
  if (g.bare && prev) {
    // "11月25日至27日": the end borrows the start's month.
    const pd = new Date(prev.day * DAY_MS);
    const d = ymd(pd.getUTCFullYear(), pd.getUTCMonth() + 1, Number(g.bare));
    return d >= prev.day ? d : monthDay(prev.day, pd.getUTCMonth() + 2, Number(g.bare));
  }
  return null;
}

export function findDays(text: string, today: Day): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const day = dayFromMatch(m.groups ?? {}, today, out[out.length - 1]);
    if (day !== null) out.push({ day, index: m.index!, length: m[0].length });
  }
  return out;
}

function offsetSuffix(offset: number): string {
  const sign = offset >= 0 ? '+' : '-';
  const a = Math.abs(offset);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** ISO-8601 with the zone's offset for a local day and time. */
export function localIso(day: Day, hour: number, minute: number, offset: number): string {
  return `${isoDay(day)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00${offsetSuffix(offset)}`;
}

const TIME = /(?<ampm>上午|早上|中午|下午|晚上|傍晚)?\s*(?<h>\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:(?::|点|时)\s*(?<m>\d{1,2}|半)?\s*分?)/;
/** A part of the day without a clock time (明天下午, 昨天上午): its usual hour. */
const PART_OF_DAY = /上午|早上|中午|下午|傍晚|晚上/;
const PART_HOUR: Record<string, number> = { 上午: 9, 早上: 8, 中午: 12, 下午: 14, 傍晚: 18, 晚上: 19 };

export interface DateTime {
  /** ISO-8601 with the zone's offset. */
  iso: string;
  /** The text without the date and time. */
  rest: string;
  /** The instant is not after `now` (昨天10点, 今天9点 said at 10:00). */
  past: boolean;
}

/**
 * A day plus an optional time of day ("明天10点", "2026-12-01 15:00", "下午3点半", "昨天下午"); defaults to 09:00.
 * A bare time of day already past today (no day named: "9点" at 10:00) means tomorrow; a named day never moves, so
 * "昨天10点" or "今天9点" at 10:00 comes back with `past` for the caller to refuse.
 */
export function parseDateTime(text: string, now: Date, offset: number): DateTime | null {
  const today = dayOf(now, offset);
  const found = findDays(text, today)[0];
  let rest = text;
  if (found) rest = text.slice(0, found.index) + ' ' + text.slice(found.index + found.length);
  const t = TIME.exec(rest);
  const part = t ? null : PART_OF_DAY.exec(rest);
  if (!found && !t && !part) return chronoFallback(text, now, offset);
  let hour = 9;
  let minute = 0;
  if (t) {
    hour = cnToInt(t.groups!.h!) ?? 9;
    minute = t.groups!.m === '半' ? 30 : Number(t.groups!.m ?? 0);
    const ampm = t.groups!.ampm;
    if ((ampm === '下午' || ampm === '晚上' || ampm === '傍晚') && hour < 12) hour += 12;
    if (ampm === '中午' && hour < 11) hour += 12;
    rest = rest.replace(t[0], ' ');
  } else if (part) {
    hour = PART_HOUR[part[0]]!;
    rest = rest.replace(part[0], ' ');
  }
  if (hour > 23 || minute > 59) return null;
  let day = found ? found.day : today;
  if (!found && localMinutes(now, offset) >= hour * 60 + minute) day += 1;
  const iso = localIso(day, hour, minute, offset);
  return { iso, rest: rest.replace(/\s+/g, ' ').trim(), past: Date.parse(iso) <= now.getTime() };
}

function localMinutes(now: Date, offset: number): number {
  const ms = (now.getTime() + offset * 60_000) % DAY_MS;
  return Math.floor(ms / 60_000);
}

function chronoFallback(text: string, now: Date, offset: number): DateTime | null {
  const r = chrono.zh.parse(text, { instant: now, timezone: offset }, { forwardDate: true })[0];
  if (!r) return null;
  const at = r.start.date();
  const local = new Date(at.getTime() + offset * 60_000);
  const iso = localIso(Math.floor(local.getTime() / DAY_MS), local.getUTCHours(), local.getUTCMinutes(), offset);
  return { iso, rest: text.replace(r.text, ' ').replace(/\s+/g, ' ').trim(), past: at.getTime() <= now.getTime() };
}

const DAY_COUNT = /(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:个)?(?:天|工作日)/;

export interface DayRange {
  start?: string;
  end?: string;
  /** The text with the days taken out. */
  rest: string;
}

/** A day, a range (至/到/-/~) or a count of days (3天 starts tomorrow unless a day is given): 排班, 换班, 顶岗. */
export function parseDayRange(text: string, now: Date, offset: number): DayRange {
  const today = dayOf(now, offset);
  const found = findDays(text, today);
  let rest = text;
  for (const f of [...found].reverse()) rest = rest.slice(0, f.index) + ' ' + rest.slice(f.index + f.length);
  const count = DAY_COUNT.exec(rest);
  const days = count ? cnToInt(count[1]!) : null;
  if (count) rest = rest.replace(count[0], ' ');
  rest = rest.replace(/(?<=^|\s)(至|到|~|-)(?=\s|$)/g, ' ').replace(/\s+/g, ' ').trim();
  const first = found[0];
  if (!first && !days) return { rest };
  const start = first ? first.day : today + 1;
  const second = found[1];
  const end = second && second.day >= start ? second.day : days && days > 0 ? start + days - 1 : start;
  return { start: isoDay(start), end: isoDay(end), rest };
}
