// What a 请假 message says about time, taken out of the text so that the reason keeps none of it: a length
// (0.5天, 1.5天, 一天半, 半天, 3个工作日, 2小时, 半小时), clock times (下午3点到5点, 9:00-11:30, 3点起), days (明天,
// 12月3日至5日, 下周一到周三, 明后两天) and the half of a day after each (明天下午). Pure: the working calendar and the
// defaults (which half, which day when none is named) are applied later (handlers/leave/span.ts).
import { findDays, isoDay, dayOf } from './dates.js';
import { cnToInt } from './numerals.js';

export type Half = 'am' | 'pm';

export interface LeaveWords {
  /** First day named (YYYY-MM-DD); with a length in days and no day named: tomorrow. */
  start?: string;
  /** Last day named; the start when one day is named and no length is given. */
  end?: string;
  startHalf?: Half;
  endHalf?: Half;
  /** HH:MM */
  startTime?: string;
  endTime?: string;
  /** The length asked for in days (0.5 steps are checked later). */
  leaveDays?: number;
  /** The length asked for in minutes (2小时). */
  leaveMinutes?: number;
  /** The text with all of the above taken out. */
  rest: string;
}

/** Stands where something was taken out, so that connectors and 起 next to it can go too. */
const MARK = '\u0000';
const NUM = String.raw`(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)`;
const HOURS = new RegExp(String.raw`${NUM}\s*(?:个\s*)?(半)?\s*(?:小时|钟头)(半)?|半\s*个?\s*(?:小时|钟头)`);
const DAYS = new RegExp(String.raw`(?<![\d.第])${NUM}\s*(?:个\s*)?(半)?\s*(?:个?工作日|天)(半)?`);
const HALF_DAY = /(?<![\d一二两三四五六七八九十个])半\s*天/;

const PART = String.raw`(上午|早上|中午|下午|晚上|傍晚)`;
const CLOCK = String.raw`(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:[:：](\d{2})|点\s*(半|\d{1,2})?\s*分?|时)`;
const TIME_RANGE = new RegExp(String.raw`(?:${PART}\s*)?${CLOCK}\s*(?:至|到|-|~|～|—)\s*(?:${PART}\s*)?${CLOCK}`);
/** A single clock time counts only as a start said as one (3点起, 下午3点以后), or with a length in hours. */
const TIME_FROM = new RegExp(String.raw`(?:${PART}\s*)?${CLOCK}\s*(起|开始|以后|之后|后|走|离岗|离开)`);
const TIME_ALONE = new RegExp(String.raw`(?:${PART}\s*)?${CLOCK}`);
const HALF_AFTER_DAY = /^\s*(上午|早上|下午|中午)/;
const HALF_WORD = /(上午|早上|下午)/;
/** 下午回来: back for the afternoon. */
const RETURN = /(上午|早上|下午|中午)\s*(?:就|再)?(?:回来|回岗|到岗|上班|返岗)/;
const HALF_OF: Record<string, Half> = { 上午: 'am', 早上: 'am', 下午: 'pm', 中午: 'pm' };

const num = (s: string): number | null => (/^\d/.test(s) ? Number(s) : cnToInt(s));

function cut(text: string, index: number, length: number): string {
  return `${text.slice(0, index)}${MARK}${text.slice(index + length)}`;
}

function lengths(text: string): { text: string; leaveDays?: number; leaveMinutes?: number } {
  const h = HOURS.exec(text);
  if (h) {
    const hours = h[1] ? (num(h[1]) ?? 0) + (h[2] || h[3] ? 0.5 : 0) : 0.5;
    return { text: cut(text, h.index, h[0].length), leaveMinutes: Math.round(hours * 60) };
  }
  const d = DAYS.exec(text);
  if (d) return { text: cut(text, d.index, d[0].length), leaveDays: (num(d[1]!) ?? 0) + (d[2] || d[3] ? 0.5 : 0) };
  const half = HALF_DAY.exec(text);
  if (half) return { text: cut(text, half.index, half[0].length), leaveDays: 0.5 };
  return { text };
}

/** 24-hour time from a part of the day and a clock time; `after` is the hour the time follows (a range's end). */
function clock(part: string | undefined, h: string, m: string | undefined, after?: number): { hour: number; minute: number } | null {
  let hour = num(h);
  if (hour === null) return null;
  const minute = m === '半' ? 30 : Number(m ?? 0);
  if (part === '下午' || part === '晚上' || part === '傍晚') hour += hour < 12 ? 12 : 0;
  else if (part === '中午') hour += hour < 11 ? 12 : 0;
  // No part of the day: a working hour (3点 is 15:00); a range's end follows its start (下午3点到5点).
  else if (!part && (hour <= 6 || (after !== undefined && hour < after && hour + 12 <= 23))) hour += 12;
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

const hhmm = (t: { hour: number; minute: number }) => `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;

function times(text: string, hoursGiven: boolean): { text: string; startTime?: string; endTime?: string } {
  const r = TIME_RANGE.exec(text);
  if (r) {
    const from = clock(r[1], r[2]!, r[3] ?? r[4]);
    const to = from ? clock(r[5] ?? (r[1] === '下午' || r[1] === '晚上' ? r[1] : undefined), r[6]!, r[7] ?? r[8], from.hour) : null;
    if (from && to) return { text: cut(text, r.index, r[0].length), startTime: hhmm(from), endTime: hhmm(to) };
  }
  const f = TIME_FROM.exec(text) ?? (hoursGiven ? TIME_ALONE.exec(text) : null);
  if (f) {
    const at = clock(f[1], f[2]!, f[3] ?? f[4]);
    if (at) return { text: cut(text, f.index, f[0].length), startTime: hhmm(at) };
  }
  return { text };
}

/** Takes the days named, each with the half of the day right after it (明天下午). */
function days(text: string, now: Date, offset: number) {
  const today = dayOf(now, offset);
  const found = findDays(text, today);
  let out = text;
  const halves: Array<Half | undefined> = [];
  for (const f of [...found].reverse()) {
    const after = HALF_AFTER_DAY.exec(out.slice(f.index + f.length));
    halves.unshift(after ? HALF_OF[after[1]!] : undefined);
    out = cut(out, f.index, f.length + (after ? after[0].length : 0));
  }
  return { text: out, days: found.map((f) => f.day), halves, today };
}

/** Connectors and 从/起/开始 around what was taken out, then the marks themselves. */
function tidyRest(text: string): string {
  return text
    .replace(new RegExp(`${MARK}\\s*(?:至|到|~|～|—|-)\\s*${MARK}`, 'g'), MARK)
    .replace(new RegExp(`(?:从|自|由)?\\s*${MARK}\\s*(?:起|开始|以后|之后|的)?`, 'g'), MARK)
    .replace(new RegExp(`(?:一共|总共|共|请|休)\\s*${MARK}`, 'g'), MARK)
    .replace(new RegExp(MARK, 'g'), ' ')
    .replace(/(?<=^|\s)(?:至|到|~|-|起|开始)(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseLeaveWords(input: string, now: Date, offset: number): LeaveWords {
  // 明后两天 names two days; its 两天 is not a length.
  const len = lengths(input.replace(/明后两?天/g, '明天到后天'));
  const t = times(len.text, len.leaveMinutes !== undefined);
  const d = days(t.text, now, offset);
  let rest = d.text;
  let startHalf = d.halves[0];
  let endHalf = d.days.length > 1 ? d.halves[1] : undefined;
  if (!startHalf && !t.startTime) {
    const back = RETURN.exec(rest);
    if (back) {
      // 下午回来: away for the morning of the (last) day. (上午回来 stays in the text: too vague to count.)
      if (HALF_OF[back[1]!] === 'pm' && !endHalf) {
        endHalf = 'am';
        rest = cut(rest, back.index, back[0].length);
      }
    } else {
      // A half of the day on its own (请假 下午 去银行, 请假 明天 事假 下午去银行): the start's half.
      const alone = HALF_WORD.exec(rest);
      if (alone) {
        startHalf = HALF_OF[alone[1]!];
        rest = cut(rest, alone.index, alone[0].length);
      }
    }
  }
  const out: LeaveWords = { rest: tidyRest(rest) };
  const [first, second] = d.days;
  if (first !== undefined) {
    out.start = isoDay(first);
    if (second !== undefined && second >= first) out.end = isoDay(second);
    else if (len.leaveDays === undefined) out.end = out.start;
  } else if (len.leaveDays !== undefined && !startHalf) {
    out.start = isoDay(d.today + 1); // 请假3天: from tomorrow
  }
  if (startHalf) out.startHalf = startHalf;
  if (endHalf) out.endHalf = endHalf;
  if (t.startTime) out.startTime = t.startTime;
  if (t.endTime) out.endTime = t.endTime;
  if (len.leaveDays !== undefined) out.leaveDays = len.leaveDays;
  if (len.leaveMinutes !== undefined) out.leaveMinutes = len.leaveMinutes;
  return out;
}

/** The message names some time for a leave (a day, a half, a clock time or a length). */
export const namesLeaveTime = (w: Pick<LeaveWords, 'start' | 'startHalf' | 'startTime' | 'leaveMinutes'>): boolean => Boolean(w.start || w.startHalf || w.startTime || w.leaveMinutes);
