// Properties, shifts and the roster: the settings of docs/desk-rules.md#properties and #shifts, read by loadConfig.
import { ConfigError, cronExpr, int, str, type Env } from './config-read.js';

export interface PropertySetting {
  name: string;
  aliases: string[];
}

/** A group bound to a property in the configuration (the same as 绑定 项目 … sent in the group). */
export interface ChatBindingSetting {
  property: string;
  /** The message's platform name and chat id, as the channel reports them (see the README for where to find them). */
  platform: string;
  chatId: string;
}

export interface ShiftSetting {
  name: string;
  /** Minutes from local midnight; an end at or before the start is the next day. */
  startMinute: number;
  endMinute: number;
}

export interface DutyConfig {
  /** The estates, in order; the first is the default for items nothing else places. Empty: one unnamed property. */
  properties: PropertySetting[];
  chatBindings: ChatBindingSetting[];
  /** The shift patterns of every team at every property (overridden per property and team with `shifts set`). */
  shifts: ShiftSetting[];
  /** The shift that is the desk's opening hours: the desk must be staffed during it. */
  deskShift: string;
  /** Shifts that end with a handover (交班). */
  handoverShifts: string[];
  /** No 交班 this long after the end of such a shift alerts the lead. */
  handoverGraceMinutes: number;
  /** A stand-in (顶岗) lasts at most this long. */
  coverMaxHours: number;
  /** The desk may be unstaffed this long inside its opening hours before the desk lead is alerted. */
  unstaffedGraceMinutes: number;
  /** node-cron expression of the shift watch (handover reminders, unstaffed desk). */
  watchCron: string;
}

export const DEFAULT_SHIFTS = '早班 08:00-16:00,中班 16:00-24:00,夜班 00:00-08:00,白班 08:30-20:00';

const minuteOf = (hhmm: string): number | null => {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec(hhmm);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h > 24 || min > 59 || (h === 24 && min > 0) ? null : h * 60 + min;
};

/** 早班 08:00-16:00: a name and a time span; 24:00 is midnight at the end of the day. */
export function parseShift(text: string): ShiftSetting | null {
  const m = /^\s*(\S+?)\s*[=\s]\s*(\d{1,2}[:：]\d{2})\s*[-~—至到]\s*(\d{1,2}[:：]\d{2})\s*$/.exec(text);
  if (!m) return null;
  const start = minuteOf(m[2]!);
  const end = minuteOf(m[3]!);
  if (start === null || end === null || start === 1440) return null;
  return { name: m[1]!, startMinute: start, endMinute: end === 1440 ? 0 : end };
}

function shiftList(env: Env, key: string): ShiftSetting[] {
  const raw = str(env, key) ?? DEFAULT_SHIFTS;
  const shifts = raw.split(/[,，;；]/).map((s) => s.trim()).filter(Boolean).map(parseShift);
  if (!shifts.length || shifts.some((s) => !s)) throw new ConfigError(key, `每一项必须是「班次名 开始-结束」，例如 ${DEFAULT_SHIFTS}`, `must be "name HH:MM-HH:MM" items, e.g. ${DEFAULT_SHIFTS}`);
  return shifts as ShiftSetting[];
}

/** 阳光花园(阳光苑,阳光);翠湖苑(翠湖) */
function propertyList(env: Env, key: string): PropertySetting[] {
  const raw = str(env, key);
  if (raw === undefined) return [];
  const out: PropertySetting[] = [];
  for (const item of raw.split(/[;；]/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^()（）,，=]+?)\s*(?:[(（]([^)）]*)[)）])?$/.exec(item);
    if (!m) throw new ConfigError(key, '每一项必须是「项目名」或「项目名(别名,别名)」，以分号分隔，例如 阳光花园(阳光苑,阳光);翠湖苑', 'must be "name" or "name(alias,alias)" items separated by semicolons');
    const aliases = (m[2] ?? '').split(/[,，、]/).map((a) => a.trim()).filter(Boolean);
    out.push({ name: m[1]!.trim(), aliases });
  }
  if (new Set(out.map((p) => p.name)).size !== out.length) throw new ConfigError(key, '项目名不能重复', 'property names must be unique');
  return out;
}

/** 阳光花园=dingtalk:cid123==;翠湖苑=console:console-group:翠湖苑 — the property, then platform:chatId. */
function bindingList(env: Env, key: string, properties: PropertySetting[]): ChatBindingSetting[] {
  const raw = str(env, key);
  if (raw === undefined) return [];
  const out: ChatBindingSetting[] = [];
  for (const item of raw.split(/[;；]/).map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    const colon = item.indexOf(':', eq + 1);
    const property = item.slice(0, eq).trim();
    const platform = item.slice(eq + 1, colon).trim();
    const chatId = item.slice(colon + 1).trim();
    if (eq < 1 || colon < 0 || !platform || !chatId) throw new ConfigError(key, '每一项必须是「项目名=平台:群ID」，以分号分隔，例如 阳光花园=dingtalk:cidXXXX', 'must be "property=platform:chatId" items separated by semicolons');
    if (!properties.some((p) => p.name === property)) throw new ConfigError(key, `项目「${property}」不在 PROPERTIES 中`, `property "${property}" is not listed in PROPERTIES`);
    out.push({ property, platform, chatId });
  }
  return out;
}

export function loadDuty(env: Env): DutyConfig {
  const properties = propertyList(env, 'PROPERTIES');
  const shifts = shiftList(env, 'SHIFTS');
  const names = new Set(shifts.map((s) => s.name));
  const deskShift = str(env, 'DESK_SHIFT') ?? '白班';
  if (!names.has(deskShift)) throw new ConfigError('DESK_SHIFT', `必须是 SHIFTS 中的班次名（${[...names].join('、')}）`, 'must be one of the SHIFTS names');
  const handoverShifts = (str(env, 'HANDOVER_SHIFTS') ?? '早班,中班,夜班').split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
  const unknown = handoverShifts.filter((s) => !names.has(s));
  if (unknown.length) throw new ConfigError('HANDOVER_SHIFTS', `「${unknown.join('、')}」不在 SHIFTS 中`, 'must name shifts from SHIFTS');
  return {
    properties,
    chatBindings: bindingList(env, 'CHAT_BINDINGS', properties),
    shifts,
    deskShift,
    handoverShifts,
    handoverGraceMinutes: int(env, 'HANDOVER_GRACE_MINUTES', 15, 1, 240),
    coverMaxHours: int(env, 'COVER_MAX_HOURS', 4, 1, 24),
    unstaffedGraceMinutes: int(env, 'UNSTAFFED_GRACE_MINUTES', 10, 0, 240),
    watchCron: cronExpr(env, 'SHIFT_WATCH_CRON', '* * * * *'),
  };
}

/** 值班日志: the lead's daily sign-off and the supervisors' monthly spot check (docs/desk-rules.md#duty-log-review-and-spot-checks). */
export interface DutyLogConfig {
  /** From this local time (HH:MM) 已阅 值班日志 without a date signs today's log; before it, yesterday's. */
  sameDayFrom: string;
  /** When the supervisors hear of yesterday's logs no lead signed. */
  unsignedCron: string;
  /** Share of last month's logs the supervisors spot-check, in percent (rounded up, per team). */
  spotCheckPercent: number;
  /** The spot-check job: picks last month's sample (once) and reminds of unchecked logs near the month's end. */
  spotCheckCron: string;
  /** The reminder comes when this many days or fewer are left in the month. */
  spotCheckRemindDays: number;
}
