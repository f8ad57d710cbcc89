// The only reader of the environment. Every key is listed and explained in .env.example.
// A wrong value stops start-up with a ConfigError that names the key, in Chinese and English.
// Each channel reads its own slice (src/bot/<platform>/config.ts) through the platform registry.
import { PLATFORMS, type PlatformConfigs } from './bot/platforms.js';
import { ConfigError, cronExpr, int, oneOf, secretToken, str, url, type Env } from './config-read.js';
import { loadDuty, type DutyConfig, type DutyLogConfig } from './config-duty.js';
import { loadInstances, type InstancesConfig } from './config-instances.js';
import { loadLeavePolicy, type LeavePolicy } from './config-leave.js';
import { COMPLAINT_CATEGORIES, isCategory, REPAIR_CATEGORIES } from './handlers/categories.js';
import { loadPatrol, timeOfDay, type PatrolConfig } from './config-patrol.js';
import { loadReports, type ReportConfig } from './config-reports.js';
import { loadWeb, type WebConfig } from './config-web.js';
import type { LogFormat } from './logger.js';
import { DEFAULT_MEDIA_TYPES, MEDIA_EXTENSIONS, normalizeContentType } from './media-types.js';

export { ConfigError };
export type { DutyConfig, PropertySetting, ShiftSetting } from './config-duty.js';
export type { DaySpan, LeavePolicy, WorkHours } from './config-leave.js';
export type { PatrolConfig };
export type { InstancesConfig };
export type { ReportConfig };
export type { WebConfig } from './config-web.js';
export type { WecomAibotConfig, WecomAppConfig, WecomConfig } from './bot/wecom/config.js';
export type { DingtalkConfig } from './bot/dingtalk/config.js';

export interface SlaConfig {
  complaintReplyMinutes: number;
  repairResponseMinutes: number;
  repairArrivalMinutes: number;
  repairResolveMinutes: number;
  urgentRepairResponseMinutes: number;
  urgentRepairResolveMinutes: number;
  followupWorkdays: number;
  leaveApprovalMinutes: number;
  handoverConfirmMinutes: number;
  /** Alert levels in percent of the allowed time: warning, breach, supervisor, manager. */
  levels: [number, number, number, number];
  drillReminderHours: number[];
  /** Default periodic tasks the drill-defaults job keeps scheduled (kinds of drill-defaults.ts); null = all, [] = none. */
  drillDefaultKinds: string[] | null;
  /** Local time of day (HH:MM) default periodic tasks fall due, on a working day. */
  drillDefaultTime: string;
  sweepCron: string;
  digestCron: string;
  calendarCheckCron: string;
  outboxGiveUpMinutes: number;
  /** node-cron expression (6 fields allowed: seconds) of the outbox sender. */
  outboxCron: string;
}
/** Photos and voice on tickets: where the files go, how big and of which types they may be, how often they are fetched. */
export interface MediaConfig {
  dir: string;
  maxBytes: number;
  allowedTypes: string[];
  /** node-cron expression (6 fields allowed: seconds) of the media-fetch job. */
  fetchCron: string;
}
export interface CoreConfig {
  port: number;
  host: string;
  databaseUrl: string;
  timeZone: string;
  /** Offset of timeZone from UTC in minutes (Asia/Shanghai has no DST: +480). */
  utcOffsetMinutes: number;
  logLevel: string;
  /** LOG_FORMAT: auto (pretty in a terminal, JSON otherwise) | json | pretty. */
  logFormat: LogFormat;
  /** Bearer token for GET /metrics; unset: /metrics answers only on this machine (not through a proxy). */
  metricsToken?: string;
  botName: string;
  publicBaseUrl?: string;
  bodyLimit: number;
  /** How long a webhook waits for the handler before acking and answering later (ms). */
  replyWaitMs: number;
  /** #15 Messages held in memory for processing; beyond it a burst waits in the database only (intake.ts). */
  intakeQueueMax: number;
  /** Requests per minute one client IP may make to each webhook route (429 beyond); 0 = no limit. */
  webhookRateLimitPerMinute: number;
  sla: SlaConfig;
  leave: LeavePolicy;
  /** Unknown senders in staff channels: registered unverified and may only report, or refused. */
  unknownSenders: 'report-only' | 'refuse';
  desk: DeskConfig;
  media: MediaConfig;
  /** Properties, shifts and the roster. */
  duty: DutyConfig;
  /** Patrols in rounds (巡查). */
  patrol: PatrolConfig;
  dutyLog: DutyLogConfig;
  /** #15 several instances on one database (config-instances.ts). */
  instances: InstancesConfig;
  /** #14 reports (config-reports.ts). */
  reports: ReportConfig;
  /** #14 the dashboard (config-web.ts). */
  web: WebConfig;
}

/** The desk's rules that are numbers or tables (docs/desk-rules.md#routing, #emergencies). */
export interface DeskConfig {
  /** Category → team, over the defaults of handlers/categories.ts. */
  routing: Readonly<Record<string, string>>;
  /** Words that make a repair an emergency (besides 紧急 and the built-in hazards). */
  emergencyWords: readonly string[];
  /** An emergency is paged again this often until someone accepts it. */
  emergencyRepeatMinutes: number;
  /** A rating at or below this asks the lead and the supervisor to look, and reopens the follow-up. */
  lowRating: number;
}

/** The core settings plus one slice per channel (config.wecom, config.dingtalk, config.console …). */
export type Config = CoreConfig & PlatformConfigs;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function offsetOf(timeZone: string): number {
  const probe = new Date(Date.UTC(2026, 0, 1));
  const local = new Date(probe.toLocaleString('en-US', { timeZone }));
  const utc = new Date(probe.toLocaleString('en-US', { timeZone: 'UTC' }));
  return Math.round((local.getTime() - utc.getTime()) / 60000);
}

/** 困人, water through to the flat below, power cut, gas, fire … */
const DEFAULT_EMERGENCY_WORDS = ['困人', '关人', '卡人', '漏到楼下', '渗到楼下', '漏水到楼下', '淹到楼下', '停电', '燃气', '煤气', '火警', '着火', '起火', '冒烟', '爆管', '漏电'];

/** 停车=保安,卫生=保洁: category=team pairs over the default routes; categories and teams are checked by name. */
function routingTable(env: Env, key: string): Record<string, string> {
  const v = str(env, key);
  if (v === undefined) return {};
  const out: Record<string, string> = {};
  for (const pair of v.split(/[,，]/).map((p) => p.trim()).filter(Boolean)) {
    const [category, team] = pair.split(/[=＝:：]/).map((p) => p.trim());
    if (!category || !team || !isCategory(category)) {
      throw new ConfigError(key, `每一项必须是「类别=组别」，类别为 ${[...REPAIR_CATEGORIES, ...COMPLAINT_CATEGORIES].join('、')} 之一，例如 停车=保安,卫生=保洁`, 'must be category=team pairs, e.g. 停车=保安,卫生=保洁');
    }
    out[category] = team;
  }
  return out;
}

/** A comma-separated list of words (Chinese or ASCII commas). */
function wordList(env: Env, key: string, def: readonly string[]): string[] {
  const v = str(env, key);
  if (v === undefined) return [...def];
  const words = v.split(/[,，、]/).map((w) => w.trim()).filter(Boolean);
  if (!words.length) throw new ConfigError(key, '必须是以逗号分隔的词语，例如 困人,停电,燃气', 'must be comma-separated words');
  return words;
}

function percentList(env: Env, key: string, def: [number, number, number, number]): [number, number, number, number] {
  const v = str(env, key);
  if (v === undefined) return def;
  const parts = v.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n <= 0) || parts.some((n, i) => i > 0 && n <= parts[i - 1]!)) {
    throw new ConfigError(key, '必须是 4 个递增的百分数，例如 80,100,150,200', 'must be 4 increasing percentages, e.g. 80,100,150,200');
  }
  return parts as [number, number, number, number];
}

function hoursList(env: Env, key: string, def: number[]): number[] {
  const v = str(env, key);
  if (v === undefined) return def;
  const parts = v.split(',').map((p) => Number(p.trim()));
  if (!parts.length || parts.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new ConfigError(key, '必须是以逗号分隔的正整数小时数，例如 168,24,2', 'must be comma-separated positive hours, e.g. 168,24,2');
  }
  return parts.sort((a, b) => b - a);
}

/** all (or unset) → null; none → []; else comma-separated kinds like fire-drill,pump-test. */
function kindList(env: Env, key: string): string[] | null {
  const v = str(env, key);
  if (v === undefined || v === 'all') return null;
  if (v === 'none') return [];
  const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.some((p) => !/^[a-z][a-z0-9-]*$/.test(p))) {
    throw new ConfigError(key, '必须是 all、none 或以逗号分隔的任务类型，例如 fire-drill,pump-test', 'must be all, none or comma-separated kinds, e.g. fire-drill,pump-test');
  }
  return parts;
}

function loadMedia(env: Env): MediaConfig {
  const list = str(env, 'MEDIA_ALLOWED_TYPES');
  const allowedTypes = list === undefined ? [...DEFAULT_MEDIA_TYPES] : [...new Set(list.split(',').map((t) => normalizeContentType(t)).filter(Boolean))];
  const unknown = allowedTypes.filter((t) => !MEDIA_EXTENSIONS[t]);
  if (!allowedTypes.length || unknown.length) {
    const known = Object.keys(MEDIA_EXTENSIONS).join(',');
    throw new ConfigError('MEDIA_ALLOWED_TYPES', `必须是以逗号分隔的类型，可选：${known}`, `must be comma-separated types out of ${known}`);
  }
  return {
    dir: str(env, 'MEDIA_DIR') ?? './data/media',
    maxBytes: int(env, 'MEDIA_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    allowedTypes,
    fetchCron: cronExpr(env, 'MEDIA_FETCH_CRON', '*/5 * * * * *'),
  };
}

function loadDutyLog(env: Env): DutyLogConfig {
  const sameDayFrom = str(env, 'DUTY_LOG_SAME_DAY_FROM') ?? '12:00';
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(sameDayFrom);
  if (!m) throw new ConfigError('DUTY_LOG_SAME_DAY_FROM', '必须是 24 小时制的时刻，例如 12:00', 'must be a time of day such as 12:00');
  return {
    sameDayFrom: `${m[1]!.padStart(2, '0')}:${m[2]}`,
    unsignedCron: cronExpr(env, 'DUTY_LOG_UNSIGNED_CRON', '0 9 * * *'),
    spotCheckPercent: int(env, 'DUTY_LOG_SPOT_CHECK_PERCENT', 20, 1, 100),
    spotCheckCron: cronExpr(env, 'DUTY_LOG_SPOT_CHECK_CRON', '0 9 * * *'),
    spotCheckRemindDays: int(env, 'DUTY_LOG_SPOT_CHECK_REMIND_DAYS', 3, 0, 27),
  };
}

function loadSla(env: Env): SlaConfig {
  return {
    complaintReplyMinutes: int(env, 'SLA_COMPLAINT_REPLY_MINUTES', 120, 1),
    repairResponseMinutes: int(env, 'SLA_REPAIR_RESPONSE_MINUTES', 30, 1),
    repairArrivalMinutes: int(env, 'SLA_REPAIR_ARRIVAL_MINUTES', 20, 1),
    repairResolveMinutes: int(env, 'SLA_REPAIR_RESOLVE_MINUTES', 240, 1),
    urgentRepairResponseMinutes: int(env, 'SLA_URGENT_REPAIR_RESPONSE_MINUTES', 10, 1),
    urgentRepairResolveMinutes: int(env, 'SLA_URGENT_REPAIR_RESOLVE_MINUTES', 120, 1),
    followupWorkdays: int(env, 'SLA_FOLLOWUP_WORKDAYS', 2, 1, 30),
    leaveApprovalMinutes: int(env, 'SLA_LEAVE_APPROVAL_MINUTES', 240, 1),
    handoverConfirmMinutes: int(env, 'SLA_HANDOVER_CONFIRM_MINUTES', 30, 1),
    levels: percentList(env, 'SLA_ALERT_LEVELS', [80, 100, 150, 200]),
    drillReminderHours: hoursList(env, 'DRILL_REMINDER_HOURS', [168, 24, 2]),
    drillDefaultKinds: kindList(env, 'DRILL_DEFAULT_KINDS'),
    drillDefaultTime: timeOfDay(env, 'DRILL_DEFAULT_TIME', '09:00'),
    sweepCron: cronExpr(env, 'SLA_SWEEP_CRON', '* * * * *'),
    digestCron: cronExpr(env, 'DIGEST_CRON', '0 18 * * *'),
    calendarCheckCron: cronExpr(env, 'CALENDAR_CHECK_CRON', '0 9 * * *'),
    outboxGiveUpMinutes: int(env, 'OUTBOX_GIVE_UP_MINUTES', 24 * 60, 1),
    outboxCron: cronExpr(env, 'OUTBOX_CRON', '*/5 * * * * *'),
  };
}

export function loadConfig(env: Env): Config {
  const timeZone = str(env, 'TIME_ZONE') ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new ConfigError('TIME_ZONE', '不是有效的 IANA 时区，例如 Asia/Shanghai', 'must be an IANA time zone such as Asia/Shanghai');
  }
  const databaseUrl = str(env, 'DATABASE_URL') ?? 'file:./data/dutydesk.db';
  const dbHelp = 'SQLite 以 file: 开头（例如 file:./data/dutydesk.db），PostgreSQL 以 postgresql:// 开头（例如 postgresql://dutydesk:密码@127.0.0.1:5432/dutydesk）';
  if (!/^(file:|postgres(ql)?:\/\/)/.test(databaseUrl)) throw new ConfigError('DATABASE_URL', dbHelp, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)');
  const logLevel = str(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `必须是 ${LOG_LEVELS.join(' / ')} 之一`, `must be one of ${LOG_LEVELS.join(', ')}`);
  const port = int(env, 'PORT', 3000, 0, 65535);
  const core: CoreConfig = {
    port,
    host: str(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    timeZone,
    utcOffsetMinutes: offsetOf(timeZone),
    logLevel,
    logFormat: oneOf(env, 'LOG_FORMAT', ['auto', 'json', 'pretty'] as const, 'auto'),
    metricsToken: secretToken(env, 'METRICS_TOKEN', 16),
    botName: str(env, 'BOT_NAME') ?? '值班台',
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL'),
    bodyLimit: int(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    replyWaitMs: int(env, 'REPLY_WAIT_MS', 100, 0, 4500),
    intakeQueueMax: int(env, 'INTAKE_QUEUE_MAX', 2000, 1, 1_000_000),
    webhookRateLimitPerMinute: int(env, 'WEBHOOK_RATE_LIMIT_PER_MINUTE', 1200, 0, 10_000_000),
    sla: loadSla(env),
    unknownSenders: oneOf(env, 'UNKNOWN_SENDERS', ['report-only', 'refuse'] as const, 'report-only'),
    desk: {
      routing: routingTable(env, 'ROUTING'),
      emergencyWords: wordList(env, 'EMERGENCY_WORDS', DEFAULT_EMERGENCY_WORDS),
      emergencyRepeatMinutes: int(env, 'EMERGENCY_REPEAT_MINUTES', 5, 1, 60),
      lowRating: int(env, 'LOW_RATING', 3, 0, 4),
    },
    media: loadMedia(env),
    duty: loadDuty(env),
    patrol: loadPatrol(env),
    leave: loadLeavePolicy(env),
    dutyLog: loadDutyLog(env),
    reports: loadReports(env),
    web: loadWeb(env, port),
    instances: loadInstances(env),
  };
  const slices = Object.fromEntries(PLATFORMS.map((p) => [p.name, p.readConfig(env)])) as PlatformConfigs;
  const config = { ...core, ...slices };
  // The console is for trying DutyDesk: off once a platform is set up, unless CONSOLE_ENABLED says otherwise.
  if (!slices.console.explicit && platformsConfigured(config)) slices.console.enabled = false;
  return Object.freeze(config);
}

/** Some chat platform is set up (not only the local console). */
export function platformsConfigured(config: Config): boolean {
  return PLATFORMS.some((p) => 'configured' in p && (p.configured as (slice: unknown) => boolean)(config[p.name]));
}
