// Encapsulated Fastify plugin with the WeCom callbacks:
//   GET/POST /wecom/callback  self-built app (自建应用): URL verification; encrypted XML (or JSON) messages/events
//   GET/POST /wecom/aibot     AI bot (智能机器人): URL verification (receiveid ""); encrypted JSON
// A request that fails a check never reaches the dispatcher: 401 signature / receiveid, 400 malformed, 413 too large.
// Every route counts against the per-IP webhook limit (429, see app.ts).
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { RoutesDeps } from '../channel.js';
import type { OutgoingMessage } from '../message.js';
import type { AibotStreams } from './aibot.js';
import type { WecomClient } from './client.js';
import { WXBIZ, WecomCrypto, WecomCryptoError } from './crypto.js';
import { decodeAibot, decodeApp } from './decode.js';
import { aibotContent, aibotStream, aibotWelcome, replyXml } from './encode.js';
import type { KfSync } from './kf.js';
import type { LateReplies } from '../late-replies.js';
import { respond } from '../respond.js';
import { welcomeText } from '../welcome.js';
import type { AibotPayload, AppXml } from './types.js';
import { parseXml } from './xml.js';

export const CALLBACK_PATH = '/wecom/callback';
export const AIBOT_PATH = '/wecom/aibot';

export interface WecomRoutesDeps extends RoutesDeps<WecomClient> {
  late: LateReplies;
  kf?: KfSync;
  streams?: AibotStreams;
  /** Register /wecom/callback (self-built app configured). */
  app: boolean;
  /** Register /wecom/aibot (AI bot configured in callback mode). */
  aibot: boolean;
}

type Query = Record<string, string | undefined>;

const reject = (reply: FastifyReply, status: number, code: string, error: string) => reply.status(status).type('application/json; charset=utf-8').send({ error, code });

/** Counted against WEBHOOK_RATE_LIMIT_PER_MINUTE per client IP (registered by app.ts; nothing when it is off). */
const limited = { config: { rateLimit: {} } };

/** The body as text (the content-type parser hands over raw bytes). */
function bodyText(req: FastifyRequest): string {
  return Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
}

/** A `+` in echostr that a sender forgot to encode arrives as a space (docs/wecom.md#echostr-plus-sign-pitfall). */
const fixPlus = (s: string) => s.replaceAll(' ', '+');

/** Big integers in JSON (MsgId) are kept as strings before JSON.parse rounds them. */
function parseJsonKeepIds(text: string): unknown {
  try {
    return JSON.parse(text.replace(/("(?:MsgId|msgid|AgentID|CreateTime)"\s*:\s*)(-?\d+)/g, '$1"$2"'));
  } catch {
    return undefined;
  }
}

/** A flat record of string fields from a JSON object (nested values dropped). */
function flatStrings(o: unknown): Record<string, string> | null {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  return out;
}

export function wecomRoutes(deps: WecomRoutesDeps): FastifyPluginAsync {
  const { config, dispatcher, clock, client, late } = deps;
  const log = deps.logger;
  const wc = config.wecom;
  const bodyLimit = config.bodyLimit;
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  const nonce = () => randomBytes(8).toString('hex');

  /** Shared GET handler: signature over echostr, decrypt, receiveid, bare plaintext answer. */
  function verifyUrl(crypto: WecomCrypto, what: string) {
    return async (req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
      const { msg_signature: sig, timestamp, nonce: n } = req.query;
      let echostr = req.query.echostr;
      if (!sig || !timestamp || !n || !echostr) return reject(reply, 401, 'SIGNATURE_INVALID', '缺少签名参数 missing signature parameters');
      if (!crypto.verify(sig, timestamp, n, echostr) && echostr.includes(' ') && crypto.verify(sig, timestamp, n, fixPlus(echostr))) echostr = fixPlus(echostr);
      if (!crypto.verify(sig, timestamp, n, echostr)) {
        log.info({ ip: req.ip, what }, '企业微信回调地址校验签名错误 WeCom URL verification: bad signature');
        return reject(reply, 401, 'SIGNATURE_INVALID', '签名无效 invalid signature');
      }
      try {
        const { message } = crypto.open(echostr);
        log.info({ what }, '企业微信回调地址校验通过 WeCom URL verified');
        return reply.status(200).type('text/plain; charset=utf-8').send(message);
      } catch (err) {
        const code = err instanceof WecomCryptoError ? err.code : WXBIZ.decrypt;
        log.info({ code, what }, '企业微信回调地址校验解密失败 WeCom URL verification: cannot decrypt');
        return reject(reply, code === WXBIZ.receiveId ? 401 : 400, 'DECRYPT_FAILED', '无法解密 cannot decrypt');
      }
    };
  }

  /** Envelope → checked, decrypted plaintext (or an error answer already sent). */
  function openEnvelope(crypto: WecomCrypto, req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, what: string): { plain: string; json: boolean } | null {
    const { msg_signature: sig, timestamp, nonce: n } = req.query;
    if (!sig || !timestamp || !n) {
      reject(reply, 401, 'SIGNATURE_INVALID', '缺少签名参数 missing signature parameters');
      return null;
    }
    const text = bodyText(req).trim();
    let encrypt: string | undefined;
    let json = false;
    if (text.startsWith('{')) {
      json = true;
      const o = parseJsonKeepIds(text);
      const e = typeof o === 'object' && o !== null ? ((o as Record<string, unknown>).encrypt ?? (o as Record<string, unknown>).Encrypt) : undefined;
      encrypt = typeof e === 'string' ? e : undefined;
    } else if (text.startsWith('<')) {
      encrypt = parseXml(text)?.Encrypt;
    }
    if (!encrypt) {
      reject(reply, 400, 'MALFORMED', '消息格式错误 malformed body');
      return null;
    }
    if (!crypto.verify(sig, timestamp, n, encrypt)) {
      log.info({ ip: req.ip, what }, '企业微信回调签名校验失败 WeCom callback signature rejected');
      reject(reply, 401, 'SIGNATURE_INVALID', '签名无效 invalid signature');
      return null;
    }
    try {
      return { plain: crypto.open(encrypt).message, json };
    } catch (err) {
      const code = err instanceof WecomCryptoError ? err.code : WXBIZ.decrypt;
      log.info({ code, what }, '企业微信回调解密失败 WeCom callback cannot be decrypted');
      reject(reply, code === WXBIZ.receiveId ? 401 : 400, 'DECRYPT_FAILED', '无法解密 cannot decrypt');
      return null;
    }
  }

  return async (app) => {
    // Raw bytes, route-scoped, whatever the content type (WeCom sends text/xml, sometimes without a charset).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    app.addHook('onClose', async () => {
      deps.streams?.close();
      await late.close();
    });

    if (deps.app && wc.app) {
      const appCfg = wc.app;
      const crypto = new WecomCrypto(appCfg.token, appCfg.encodingAesKey, appCfg.corpId);
      app.get<{ Querystring: Query }>(CALLBACK_PATH, limited, verifyUrl(crypto, 'app'));
      app.post<{ Querystring: Query }>(CALLBACK_PATH, { ...limited, bodyLimit }, async (req, reply) => {
        const opened = openEnvelope(crypto, req, reply, 'app');
        if (!opened) return reply;
        const fields = opened.json ? flatStrings(parseJsonKeepIds(opened.plain)) : parseXml(opened.plain);
        if (!fields) {
          log.info({ json: opened.json }, '企业微信消息内容无法解析 WeCom message cannot be parsed');
          return reject(reply, 400, 'MALFORMED', '消息格式错误 malformed message');
        }
        const decoded = decodeApp(fields as AppXml, { now: clock.now() });
        if (decoded.kind === 'ignored') {
          log.info({ reason: decoded.reason }, '忽略企业微信回调 WeCom callback ignored');
          return reply.status(200).send('');
        }
        if (decoded.kind === 'kf') {
          // The (verified) signature names this delivery: the same callback again, a replay, starts no sync (kf.ts).
          if (deps.kf && wc.kfOpenKfid === decoded.openKfid) late.track(deps.kf.trigger(decoded.openKfid, decoded.token, req.query.msg_signature!.toLowerCase()));
          else log.warn({ openKfid: decoded.openKfid }, '收到未配置的微信客服账号事件 kf event for an account that is not configured (WECOM_KF_OPEN_KFID)');
          return reply.status(200).send('');
        }
        const msg = decoded.msg;
        // Resolves once the inbound row is durably recorded (dedupe on MsgId); only then is WeCom answered.
        return respond(dispatcher, msg, {
          now(m) {
            const plain = replyXml(msg.sender.id, appCfg.corpId, nowSeconds(), m);
            const ts = String(nowSeconds());
            const n = nonce();
            if (opened.json) return reply.status(200).type('application/json; charset=utf-8').send(crypto.sealJson(plain, ts, n));
            return reply.status(200).type('application/xml; charset=utf-8').send(crypto.sealXml(plain, ts, n));
          },
          // Not ready within the wait: empty 200 now (WeCom does not retry it), the answer through message/send.
          later: (answer) => late.send('message/send', msg.msgId, answer, (m) => client.sendApp(msg.sender.id, m, { cardUrl: config.publicBaseUrl })),
          ack: () => reply.status(200).send(''),
        });
      });
    }

    if (deps.aibot && wc.aibot?.mode === 'callback' && wc.aibot.token && wc.aibot.encodingAesKey) {
      const crypto = new WecomCrypto(wc.aibot.token, wc.aibot.encodingAesKey, '');
      const streams = deps.streams;
      const answer = (reply: FastifyReply, plain: string) => reply.status(200).type('application/json; charset=utf-8').send(crypto.sealJson(plain, String(nowSeconds()), nonce()));
      app.get<{ Querystring: Query }>(AIBOT_PATH, limited, verifyUrl(crypto, 'aibot'));
      app.post<{ Querystring: Query }>(AIBOT_PATH, { ...limited, bodyLimit }, async (req, reply) => {
        const opened = openEnvelope(crypto, req, reply, 'aibot');
        if (!opened) return reply;
        const payload = parseJsonKeepIds(opened.plain);
        if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return reject(reply, 400, 'MALFORMED', '消息格式错误 malformed message');
        const decoded = decodeAibot(payload as AibotPayload, { now: clock.now(), botName: config.botName });
        switch (decoded.kind) {
          case 'ignored':
            log.info({ reason: decoded.reason }, '忽略智能机器人回调 AI-bot callback ignored');
            return reply.status(200).send('');
          case 'enter_chat':
            return answer(reply, aibotWelcome(welcomeText(config.botName)));
          case 'stream': {
            const s = streams?.refresh(decoded.id) ?? { finish: true, content: '' };
            return answer(reply, aibotStream(decoded.id, s.finish, s.content));
          }
          case 'message': {
            const msg = decoded.msg;
            const responseUrl = decoded.responseUrl;
            const fallback = (m: OutgoingMessage) => {
              if (!responseUrl) return log.warn({ msgId: msg.msgId }, '智能机器人回复无法送达：没有 response_url AI-bot reply lost: no response_url');
              late.send('aibot/response', msg.msgId, Promise.resolve(m), (x) => client.aibotRespond(responseUrl, x));
            };
            return respond<FastifyReply>(dispatcher, msg, {
              now: (m) => answer(reply, aibotStream(randomBytes(12).toString('hex'), true, aibotContent(m))),
              later(pending) {
                if (!streams) return void late.send('aibot/response', msg.msgId, pending, (m) => (responseUrl ? client.aibotRespond(responseUrl, m) : Promise.resolve()));
                const id = streams.open(pending, fallback);
                const first = streams.refresh(id);
                return answer(reply, aibotStream(id, first.finish, first.content));
              },
              ack: () => reply.status(200).send(''),
            });
          }
        }
      });
    }
  };
}
