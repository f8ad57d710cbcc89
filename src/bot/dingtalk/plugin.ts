// Encapsulated Fastify plugin with the DingTalk HTTP callbacks:
//   POST /dingtalk/robot   robot messages (HTTP 模式): timestamp/sign headers → decode → dispatcher → reply
//   POST /dingtalk/events  event subscription (事件订阅): signed + AES-encrypted envelope → encrypted "success"
// Requests that fail a check never reach the dispatcher: 401 signature / stale timestamp, 400 malformed, 413 too large.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { DispatchResult, Dispatcher } from '../channel.js';
import type { DingtalkClient } from './client.js';
import { DingtalkCryptoError, decryptEvent, successAnswer, verifyEventSignature } from './crypto.js';
import { decode, isRobotPayload, replyHintOf } from './decode.js';
import { EMPTY_ANSWER, toWebhook } from './encode.js';
import type { DingtalkEvent } from './types.js';
import { verifySign } from './verify.js';

export const ROBOT_PATH = '/dingtalk/robot';
export const EVENTS_PATH = '/dingtalk/events';
export const DEFAULT_REPLY_WAIT_MS = 1500;

export interface DingtalkRoutesDeps {
  config: Config;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  client: DingtalkClient;
  /** Register POST /dingtalk/robot (robot configured in HTTP mode). */
  robot: boolean;
  /** Register POST /dingtalk/events (event subscription configured). */
  events: boolean;
  /** How long to wait for the reply to answer it in the HTTP response; 0 = always answer at once and reply later. */
  replyWaitMs?: number;
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined;
}

function parseJson(body: unknown): unknown {
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const reject = (reply: FastifyReply, status: number, code: string, error: string) => reply.status(status).send({ error, code });

/** Resolves with the dispatch result, or 'late' when it is not ready within `ms` (the work continues). */
function within(work: Promise<DispatchResult>, ms: number): Promise<DispatchResult | 'late'> {
  if (ms <= 0) return Promise.resolve('late');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export function dingtalkRoutes(deps: DingtalkRoutesDeps): FastifyPluginAsync {
  const { config, dispatcher, clock, client } = deps;
  const log = deps.logger;
  const dt = config.dingtalk;
  const waitMs = deps.replyWaitMs ?? DEFAULT_REPLY_WAIT_MS;
  const botNames = [config.botName];
  /** Replies sent after the HTTP answer; awaited on close. */
  const pending = new Set<Promise<void>>();

  return async (app) => {
    // Raw bytes, route-scoped: the checks run before any JSON parsing.
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: config.bodyLimit }, (_req, body, done) => done(null, body));
    app.addHook('onClose', async () => {
      await Promise.allSettled([...pending]);
    });

    if (deps.robot && dt.robot) {
      const secret = dt.robot.appSecret;
      app.post(ROBOT_PATH, {
        bodyLimit: config.bodyLimit,
        onRequest: async (req, reply) => {
          const r = verifySign({ timestamp: header(req, 'timestamp'), sign: header(req, 'sign'), secret, now: clock.now() });
          if (!r.ok) {
            log.info({ reason: r.reason, ip: req.ip }, '钉钉机器人回调签名校验失败 DingTalk robot signature rejected');
            return reject(reply, 401, r.reason === 'stale' ? 'TIMESTAMP_STALE' : 'SIGNATURE_INVALID', r.reason === 'stale' ? '时间戳已过期 stale timestamp' : '签名无效 invalid signature');
          }
        },
        handler: async (req, reply) => {
          const body = parseJson(req.body);
          if (!isRobotPayload(body)) return reject(reply, 400, 'DECODE_FAILED', '消息格式错误 malformed body');
          const msg = decode(body, { now: clock.now(), botNames });
          if (!msg) {
            log.info({ msgtype: body.msgtype }, '忽略不支持的钉钉消息类型 unsupported DingTalk msgtype');
            return EMPTY_ANSWER;
          }
          const hint = replyHintOf(msg)!;
          const work = dispatcher.handle(msg);
          const result = await within(work, waitMs);
          if (result !== 'late') return result.reply && !result.duplicate ? toWebhook(result.reply) : EMPTY_ANSWER;
          // Too slow for the synchronous answer: acknowledge now, reply through sessionWebhook / robot API later.
          const later = work
            .then(async (r) => {
              if (!r.reply || r.duplicate) return;
              const via = await client.reply(hint, r.reply);
              log.info({ msgId: msg.msgId, via }, '钉钉延迟回复已发送 DingTalk late reply sent');
            })
            .catch((err) => log.error({ err, msgId: msg.msgId }, '钉钉延迟回复失败 DingTalk late reply failed'))
            .finally(() => pending.delete(later));
          pending.add(later);
          return EMPTY_ANSWER;
        },
      });
    }

    if (deps.events && dt.events) {
      const keys = dt.events;
      app.post<{ Querystring: Record<string, string | undefined> }>(EVENTS_PATH, { bodyLimit: config.bodyLimit }, async (req, reply) => {
        const q = req.query;
        const signature = q.msg_signature ?? q.signature;
        const timestamp = q.timestamp ?? q.timeStamp;
        const nonce = q.nonce;
        const parsed = parseJson(req.body);
        const encrypt = typeof parsed === 'object' && parsed !== null ? (parsed as { encrypt?: unknown }).encrypt : undefined;
        if (!signature || !timestamp || !nonce) return reject(reply, 401, 'SIGNATURE_INVALID', '缺少签名参数 missing signature');
        if (typeof encrypt !== 'string' || !encrypt) return reject(reply, 400, 'DECODE_FAILED', '消息格式错误 malformed body');
        if (!verifyEventSignature(keys, { signature, timestamp, nonce, encrypt })) {
          log.info({ ip: req.ip }, '钉钉事件回调签名校验失败 DingTalk event signature rejected');
          return reject(reply, 401, 'SIGNATURE_INVALID', '签名无效 invalid signature');
        }
        let event: DingtalkEvent;
        try {
          const plain = decryptEvent(encrypt, keys);
          event = JSON.parse(plain) as DingtalkEvent;
          if (typeof event !== 'object' || event === null || typeof event.EventType !== 'string') throw new Error('no EventType');
        } catch (err) {
          const code = err instanceof DingtalkCryptoError ? err.code : 'json';
          log.info({ code }, '钉钉事件解密失败 DingTalk event could not be decrypted');
          return reject(reply, err instanceof DingtalkCryptoError && err.code === 900010 ? 401 : 400, 'DECODE_FAILED', '无法解密 cannot decrypt');
        }
        log.info({ eventType: event.EventType }, event.EventType === 'check_url' ? '钉钉事件订阅地址校验 DingTalk check_url' : '收到钉钉事件 DingTalk event');
        return successAnswer(keys, String(clock.now().getTime()));
      });
    }
  };
}
