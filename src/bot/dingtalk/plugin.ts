// Encapsulated Fastify plugin with the DingTalk HTTP callbacks:
//   POST /dingtalk/robot   robot messages (HTTP 模式): timestamp/sign headers → decode → dispatcher → `reply` in the answer, or `later` via reply.ts
//   POST /dingtalk/events  event subscription (事件订阅): signed + AES-encrypted envelope → encrypted "success"
// Requests that fail a check never reach the dispatcher: 401 signature / stale timestamp / signature replayed with another
// msgId, 400 malformed, 413 too large. Both routes count against the per-IP webhook limit (429, see app.ts).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { RoutesDeps } from '../channel.js';
import type { DingtalkClient } from './client.js';
import { DingtalkCryptoError, decryptEvent, successAnswer, verifyEventSignature } from './crypto.js';
import { decode, isRobotPayload, replyHintOf } from './decode.js';
import { EMPTY_ANSWER, toWebhook } from './encode.js';
import { respond } from '../respond.js';
import { createLateReplies, type LateReplies } from './reply.js';
import type { DingtalkEvent } from './types.js';
import { createSignMemory, SIGN_WINDOW_MS, verifySign } from './verify.js';

export const ROBOT_PATH = '/dingtalk/robot';
export const EVENTS_PATH = '/dingtalk/events';

export interface DingtalkRoutesDeps extends RoutesDeps<DingtalkClient> {
  /** Register POST /dingtalk/robot (robot configured in HTTP mode). */
  robot: boolean;
  /** Register POST /dingtalk/events (event subscription configured). */
  events: boolean;
  /** Sender of the replies that come after the HTTP answer (default: one built on `client`). */
  lateReplies?: LateReplies;
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

/** Counted against WEBHOOK_RATE_LIMIT_PER_MINUTE per client IP (registered by app.ts; nothing when it is off). */
const limited = { rateLimit: {} };

export function dingtalkRoutes(deps: DingtalkRoutesDeps): FastifyPluginAsync {
  const { config, dispatcher, clock, client } = deps;
  const log = deps.logger;
  const dt = config.dingtalk;
  const botNames = [config.botName];
  /** Replies sent after the HTTP answer; finished (or given up) on close. */
  const late = deps.lateReplies ?? createLateReplies({ client, logger: log });

  return async (app) => {
    // Raw bytes, route-scoped: the checks run before any JSON parsing.
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: config.bodyLimit }, (_req, body, done) => done(null, body));
    app.addHook('onClose', async () => {
      await late.close();
    });

    if (deps.robot && dt.robot) {
      const secret = dt.robot.appSecret;
      let warnedFullUntil = 0;
      const signs = createSignMemory({
        onEvict() {
          const now = clock.now().getTime();
          if (now < warnedFullUntil) return;
          warnedFullUntil = now + SIGN_WINDOW_MS;
          log.warn({ size: signs.size }, '钉钉签名记录已满，最早的签名被提前遗忘 DingTalk sign memory full: oldest signatures forgotten early');
        },
      });
      app.post(ROBOT_PATH, {
        bodyLimit: config.bodyLimit,
        config: limited,
        // preParsing, not onRequest: the rate limit (an onRequest hook) counts rejected requests too. Still before the body is read.
        preParsing: async (req, reply, payload) => {
          const r = verifySign({ timestamp: header(req, 'timestamp'), sign: header(req, 'sign'), secret, now: clock.now() });
          if (!r.ok) {
            log.info({ reason: r.reason, ip: req.ip }, '钉钉机器人回调签名校验失败 DingTalk robot signature rejected');
            return reject(reply, 401, r.reason === 'stale' ? 'TIMESTAMP_STALE' : 'SIGNATURE_INVALID', r.reason === 'stale' ? '时间戳已过期 stale timestamp' : '签名无效 invalid signature');
          }
          return payload;
        },
        handler: async (req, reply) => {
          const body = parseJson(req.body);
          if (!isRobotPayload(body)) return reject(reply, 400, 'DECODE_FAILED', '消息格式错误 malformed body');
          // The signature covers no body: a timestamp/sign pair is good for the msgId it first came with only
          // (docs/dingtalk.md#robot-callback-signature). The same msgId again is a redelivery and goes on to the dedupe.
          const timestamp = header(req, 'timestamp')!;
          const claim = signs.claim(header(req, 'sign')!, timestamp, body.msgId, clock.now());
          if (!claim.ok) {
            log.warn({ ip: req.ip, timestamp, msgId: body.msgId, firstMsgId: claim.firstMsgId }, '钉钉机器人回调签名已用于另一条消息（疑似重放），已拒绝 DingTalk robot signature replayed with another msgId: rejected');
            return reject(reply, 401, 'SIGNATURE_REPLAYED', '签名已用于另一条消息 signature already used for another message');
          }
          const msg = decode(body, { now: clock.now(), botNames });
          if (!msg) {
            log.info({ msgtype: body.msgtype }, '忽略不支持的钉钉消息类型 unsupported DingTalk msgtype');
            return EMPTY_ANSWER;
          }
          // Resolves once the inbound row is durably recorded (dedupe on msgId); only then is DingTalk answered.
          return respond<object>(dispatcher, msg, {
            now: toWebhook, // processed already: answer in the HTTP response
            // Under load: acknowledge now, reply through the sessionWebhook (while valid) or the robot API later.
            later: (answer) => late.send(replyHintOf(msg)!, answer, msg.msgId),
            ack: () => EMPTY_ANSWER,
          });
        },
      });
    }

    if (deps.events && dt.events) {
      const keys = dt.events;
      app.post<{ Querystring: Record<string, string | undefined> }>(EVENTS_PATH, { bodyLimit: config.bodyLimit, config: limited }, async (req, reply) => {
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
