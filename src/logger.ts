// pino with redaction: secrets by key name, and phone numbers / URL tokens inside any string.
// JSON lines for log collectors; in a terminal, one readable line per entry (pino-pretty), redacted the same way.
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** LOG_FORMAT: auto = pretty when stdout is a terminal, JSON otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** The format to write: an explicit json | pretty wins; auto follows whether stdout is a terminal. */
export function resolveLogFormat(setting: LogFormat, stdoutIsTTY: boolean | undefined): 'json' | 'pretty' {
  if (setting !== 'auto') return setting;
  return stdoutIsTTY ? 'pretty' : 'json';
}

export interface LoggerOptions {
  format?: 'json' | 'pretty';
  /** Pretty lines show the local time of this IANA zone (JSON keeps epoch milliseconds). */
  timeZone?: string;
}

const SECRET_KEYS = [
  'token', 'accessToken', 'access_token', 'secret', 'appSecret', 'app_secret', 'corpsecret', 'password',
  'encodingAesKey', 'aesKey', 'aes_key', 'EncodingAESKey', 'authorization', 'sign', 'signature', 'msg_signature', 'ticket',
  'phone', 'mobile', 'webhookKey', 'groupWebhookKey', 'key',
];
const SECRET_KEY_SET = new Set(SECRET_KEYS.map((k) => k.toLowerCase()));

const PHONE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)/g;
const URL_SECRET = /([?&](?:access_token|corpsecret|key|sign|secret|appsecret|token|msg_signature|signature|echostr)=)[^&\s"']+/gi;

export function scrub(s: string): string {
  return s.replace(PHONE, '[手机号已隐藏]').replace(URL_SECRET, '$1[REDACTED]');
}

function clean(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: scrub(value.message), stack: value.stack && scrub(value.stack), code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY_SET.has(k.toLowerCase()) && v !== undefined && v !== null && v !== '' ? '[REDACTED]' : clean(v, depth + 1);
  }
  return out;
}

/** A pino-pretty stream: the message first, local time, no pid/hostname; colours only on a terminal. */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  return pretty({
    destination: destination ?? 1,
    sync: true,
    colorize: destination === undefined && Boolean(process.stdout.isTTY),
    translateTime: false,
    ignore: 'pid,hostname',
    singleLine: false,
  });
}

function localTime(timeZone: string): () => string {
  const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return () => `,"time":"${fmt.format(new Date())}"`;
}

export function createLogger(level: string, destination?: DestinationStream, options: LoggerOptions = {}): Logger {
  const isPretty = options.format === 'pretty';
  return pino(
    {
      level,
      ...(isPretty ? { timestamp: localTime(options.timeZone ?? 'Asia/Shanghai') } : {}),
      formatters: { log: (obj) => clean(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
      serializers: { err: (e: unknown) => clean(e) },
    },
    isPretty ? prettyStream(destination) : destination,
  );
}

export type { Logger };
