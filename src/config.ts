// The only reader of the environment. Every key is listed and explained in .env.example.
// A wrong value stops start-up with a ConfigError that names the key, in Chinese and English.

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly key: string,
    zh: string,
    en: string,
  ) {
    super(`配置错误 ${key}：${zh} / ${key} ${en}`);
  }
}

type Env = Record<string, string | undefined>;

export interface WecomAppConfig {
  corpId: string;
  token: string;
  encodingAesKey: string;
  agentId: number;
  secret: string;
}
export interface WecomAibotConfig {
  mode: 'callback' | 'long';
  token?: string;
  encodingAesKey?: string;
  botId?: string;
  secret?: string;
  wsUrl?: string;
}
export interface WecomConfig {
  apiBase: string;
  app?: WecomAppConfig;
  aibot?: WecomAibotConfig;
  groupWebhookKey?: string;
  webhookBase: string;
  kfOpenKfid?: string;
}
export interface DingtalkConfig {
  apiBase: string;
  oapiBase: string;
  robot?: { appKey: string; appSecret: string; robotCode: string; mode: 'http' | 'stream' };
  events?: { token: string; aesKey: string; ownerKey: string };
  groupWebhook?: { url: string; secret?: string };
}
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
  sweepCron: string;
  digestCron: string;
  calendarCheckCron: string;
  outboxGiveUpMinutes: number;
  /** node-cron expression (6 fields allowed: seconds) of the outbox sender. */
  outboxCron: string;
}
export interface LeavePolicy {
  /** Up to this many days a team lead may approve. */
  leadMaxDays: number;
  /** Up to this many days a supervisor may approve; longer goes to the manager. */
  supervisorMaxDays: number;
  /** Longest personal leave (事假). */
  personalMaxDays: number;
  /** Sick leave longer than this needs a doctor's certificate. */
  sickDaysWithoutCertificate: number;
}
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  timeZone: string;
  /** Offset of timeZone from UTC in minutes (Asia/Shanghai has no DST: +480). */
  utcOffsetMinutes: number;
  logLevel: string;
  botName: string;
  publicBaseUrl?: string;
  bodyLimit: number;
  /** How long a webhook waits for the handler before acking and answering later (ms). */
  replyWaitMs: number;
  console: { enabled: boolean };
  wecom: WecomConfig;
  dingtalk: DingtalkConfig;
  sla: SlaConfig;
  leave: LeavePolicy;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function str(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

function int(env: Env, key: string, def: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = str(env, key);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ConfigError(key, `必须是 ${min} 到 ${max} 之间的整数`, `must be an integer between ${min} and ${max}`);
  }
  return Number(v);
}

function bool(env: Env, key: string, def: boolean): boolean {
  const v = str(env, key)?.toLowerCase();
  if (v === undefined) return def;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(key, '必须是 true 或 false', 'must be true or false');
}

function oneOf<T extends string>(env: Env, key: string, allowed: readonly T[], def: T): T {
  const v = str(env, key);
  if (v === undefined) return def;
  if (!allowed.includes(v as T)) throw new ConfigError(key, `必须是 ${allowed.join(' / ')} 之一`, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

function url(env: Env, key: string, def?: string): string | undefined {
  const v = str(env, key) ?? def;
  if (v === undefined) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(v)) throw new ConfigError(key, '必须是 http:// 或 https:// 开头的网址', 'must be an http:// or https:// URL');
  return v.replace(/\/+$/, '');
}

function aesKey(env: Env, key: string): string | undefined {
  const v = str(env, key);
  if (v !== undefined && !/^[A-Za-z0-9]{43}$/.test(v)) throw new ConfigError(key, '必须是 43 个字母或数字', 'must be 43 characters');
  return v;
}

/** All keys of a group must be set together, or none (the part stays disabled). */
function group<T>(env: Env, keys: string[], build: () => T): T | undefined {
  const set = keys.filter((k) => str(env, k) !== undefined);
  if (set.length === 0) return undefined;
  const missing = keys.filter((k) => str(env, k) === undefined);
  if (missing.length) {
    const k = missing[0]!;
    throw new ConfigError(k, `与 ${set.join('、')} 同组，必须一起设置`, `is required when ${set.join(', ')} is set`);
  }
  return build();
}

function offsetOf(timeZone: string): number {
  const probe = new Date(Date.UTC(2026, 0, 1));
  const local = new Date(probe.toLocaleString('en-US', { timeZone }));
  const utc = new Date(probe.toLocaleString('en-US', { timeZone: 'UTC' }));
  return Math.round((local.getTime() - utc.getTime()) / 60000);
}

function cronExpr(env: Env, key: string, def: string): string {
  const v = str(env, key) ?? def;
  if (!/^(\S+\s+){4,5}\S+$/.test(v)) throw new ConfigError(key, '必须是 5 或 6 段的 cron 表达式', 'must be a 5- or 6-field cron expression');
  return v;
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

function loadWecom(env: Env): WecomConfig {
  const app = group(env, ['WECOM_CORP_ID', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY', 'WECOM_AGENT_ID', 'WECOM_SECRET'], () => ({
    corpId: str(env, 'WECOM_CORP_ID')!,
    token: str(env, 'WECOM_TOKEN')!,
    encodingAesKey: aesKey(env, 'WECOM_ENCODING_AES_KEY')!,
    agentId: int(env, 'WECOM_AGENT_ID', 0, 1),
    secret: str(env, 'WECOM_SECRET')!,
  }));
  const aibotMode = oneOf(env, 'WECOM_AIBOT_MODE', ['callback', 'long'] as const, 'callback');
  const aibot =
    aibotMode === 'long'
      ? group(env, ['WECOM_AIBOT_BOT_ID', 'WECOM_AIBOT_SECRET'], () => ({
          mode: 'long' as const,
          botId: str(env, 'WECOM_AIBOT_BOT_ID')!,
          secret: str(env, 'WECOM_AIBOT_SECRET')!,
          wsUrl: str(env, 'WECOM_AIBOT_WS_URL'),
        }))
      : group(env, ['WECOM_AIBOT_TOKEN', 'WECOM_AIBOT_ENCODING_AES_KEY'], () => ({
          mode: 'callback' as const,
          token: str(env, 'WECOM_AIBOT_TOKEN')!,
          encodingAesKey: aesKey(env, 'WECOM_AIBOT_ENCODING_AES_KEY')!,
        }));
  const kfOpenKfid = str(env, 'WECOM_KF_OPEN_KFID');
  if (kfOpenKfid && !app) throw new ConfigError('WECOM_KF_OPEN_KFID', '需要先配置自建应用（WECOM_CORP_ID 等）', 'requires the self-built app keys (WECOM_CORP_ID …)');
  return {
    apiBase: url(env, 'WECOM_API_BASE', 'https://qyapi.weixin.qq.com')!,
    webhookBase: url(env, 'WECOM_WEBHOOK_BASE', url(env, 'WECOM_API_BASE', 'https://qyapi.weixin.qq.com'))!,
    app,
    aibot,
    groupWebhookKey: str(env, 'WECOM_GROUP_WEBHOOK_KEY'),
    kfOpenKfid,
  };
}

function loadDingtalk(env: Env): DingtalkConfig {
  const mode = oneOf(env, 'DINGTALK_MODE', ['http', 'stream'] as const, 'http');
  const robot = group(env, ['DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET', 'DINGTALK_ROBOT_CODE'], () => ({
    appKey: str(env, 'DINGTALK_APP_KEY')!,
    appSecret: str(env, 'DINGTALK_APP_SECRET')!,
    robotCode: str(env, 'DINGTALK_ROBOT_CODE')!,
    mode,
  }));
  if (mode === 'stream' && !robot) {
    throw new ConfigError('DINGTALK_MODE', 'stream 模式需要设置 DINGTALK_APP_KEY、DINGTALK_APP_SECRET、DINGTALK_ROBOT_CODE', 'stream requires DINGTALK_APP_KEY, DINGTALK_APP_SECRET and DINGTALK_ROBOT_CODE');
  }
  const events = group(env, ['DINGTALK_EVENT_TOKEN', 'DINGTALK_EVENT_AES_KEY'], () => {
    const ownerKey = str(env, 'DINGTALK_EVENT_OWNER_KEY') ?? robot?.appKey;
    if (!ownerKey) throw new ConfigError('DINGTALK_EVENT_OWNER_KEY', '未设置 DINGTALK_APP_KEY 时必须设置', 'is required when DINGTALK_APP_KEY is not set');
    return { token: str(env, 'DINGTALK_EVENT_TOKEN')!, aesKey: aesKey(env, 'DINGTALK_EVENT_AES_KEY')!, ownerKey };
  });
  const webhook = url(env, 'DINGTALK_GROUP_WEBHOOK');
  const secret = str(env, 'DINGTALK_GROUP_SECRET');
  if (secret && !webhook) throw new ConfigError('DINGTALK_GROUP_SECRET', '需要同时设置 DINGTALK_GROUP_WEBHOOK', 'requires DINGTALK_GROUP_WEBHOOK');
  return {
    apiBase: url(env, 'DINGTALK_API_BASE', 'https://api.dingtalk.com')!,
    oapiBase: url(env, 'DINGTALK_OAPI_BASE', 'https://oapi.dingtalk.com')!,
    robot,
    events,
    groupWebhook: webhook ? { url: webhook, secret } : undefined,
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
  if (!databaseUrl.startsWith('file:')) throw new ConfigError('DATABASE_URL', '目前只支持 SQLite，必须以 file: 开头', 'must start with file: (SQLite)');
  const logLevel = str(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `必须是 ${LOG_LEVELS.join(' / ')} 之一`, `must be one of ${LOG_LEVELS.join(', ')}`);
  const config: Config = {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: str(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    timeZone,
    utcOffsetMinutes: offsetOf(timeZone),
    logLevel,
    botName: str(env, 'BOT_NAME') ?? '值班台',
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL'),
    bodyLimit: int(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    replyWaitMs: int(env, 'REPLY_WAIT_MS', 100, 0, 4500),
    console: { enabled: bool(env, 'CONSOLE_ENABLED', true) },
    wecom: loadWecom(env),
    dingtalk: loadDingtalk(env),
    sla: loadSla(env),
    leave: {
      leadMaxDays: int(env, 'LEAVE_LEAD_MAX_DAYS', 1, 0, 365),
      supervisorMaxDays: int(env, 'LEAVE_SUPERVISOR_MAX_DAYS', 3, 0, 365),
      personalMaxDays: int(env, 'LEAVE_PERSONAL_MAX_DAYS', 6, 1, 365),
      sickDaysWithoutCertificate: int(env, 'LEAVE_SICK_NO_CERT_DAYS', 3, 0, 365),
    },
  };
  return Object.freeze(config);
}
