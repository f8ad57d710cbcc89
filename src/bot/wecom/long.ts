// AI bot (智能机器人) long-connection mode (长连接): the bot's messages arrive over WeCom's WebSocket
// (wss://openws.work.weixin.qq.com, docs/wecom.md#ai-bot-long-connection) instead of the /wecom/aibot HTTP callback, so no public URL is
// needed. Uses the official `@wecom/aibot-node-sdk` (1.0.7) WSClient, which speaks the protocol:
//   → {cmd:"aibot_subscribe", headers:{req_id}, body:{bot_id, secret}}      ← {headers:{req_id}, errcode, errmsg}
//   → {cmd:"ping", headers:{req_id}} every 30 s; two unanswered pings drop the socket and reconnect
//   ← {cmd:"aibot_msg_callback" | "aibot_event_callback", headers:{req_id}, body:{msgid, chattype, from, …}}
//   → {cmd:"aibot_respond_msg", headers:{req_id of the callback}, body:{msgtype:"stream", stream:{id, finish, content}}}
//   → {cmd:"aibot_send_msg", headers:{req_id}, body:{chatid, msgtype:"markdown", …}} (active push, our fallback)
// Around the SDK we add:
//  - the gateway URL from WECOM_AIBOT_WS_URL (the SDK's wsUrl option; tests point it at a local fake);
//  - reconnects without limit (the SDK gives up after 10 by default) with its backoff 1 s → 30 s; after repeated
//    authentication failures (wrong BotID / Secret) a clear Chinese error and a slow retry every 10 minutes;
//  - `disconnected_event` (WeCom dropped us because the same bot connected elsewhere): a loud error and a
//    delayed reconnect instead of the SDK's "never reconnect";
//  - a lease row in the token store so that only one process of the installation connects (see below).
// Replies: an answer ready at once goes out as one finished stream frame on the callback's req_id. An answer that
// comes `later` first shows 正在处理，请稍候… (a stream with finish:false, only when it takes over a second) and then
// finishes the same stream. When the stream can no longer be used (6-minute window over, req_id rejected) the
// answer is pushed into the chat with aibot_send_msg. A redelivered msgid creates nothing and is not answered again
// (the dispatcher de-duplicates).
//
// Only ONE connection per bot: when a new connection subscribes, WeCom sends the old one `disconnected_event` and
// closes it, so two processes would keep knocking each other off. Processes sharing the database coordinate through
// a lease row (`wecom-aibot-lease:<botid>`, ttl 60 s, renewed every 20 s): the others stand by and take over when
// the holder stops or dies. A process on another database cannot be seen; the README (长连接模式) says not to do that.
import { randomBytes } from 'node:crypto';
import { WSAuthFailureError, WSClient, WSReconnectExhaustedError, type WsFrame } from '@wecom/aibot-node-sdk';
import { holdConnection, type LongConnection } from '../long-connection.js';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { TokenStore } from '../../store/index.js';
import type { Dispatcher } from '../channel.js';
import { respond } from '../respond.js';
import { welcomeText } from '../welcome.js';
import { createLateReplies } from '../late-replies.js';
import { decodeAibot } from './decode.js';
import { createStreamReplies, type StreamTurn } from './long-replies.js';
import type { AibotPayload } from './types.js';

import {
  AIBOT_AUTH_ATTEMPTS,
  AIBOT_AUTH_RETRY_MS,
  AIBOT_KICKED_LONG_RETRY_MS,
  AIBOT_KICKED_RETRY_MS,
  AIBOT_PENDING_AFTER_MS,
  AIBOT_STOP_GRACE_MS,
  aibotLeaseKey,
  describe,
  sdkLogger,
  type AibotLongOptions,
} from './long-settings.js';

export * from './long-settings.js';
export type { LongConnection };

export interface AibotLongDeps {
  config: Config;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  tokens: TokenStore;
  options?: AibotLongOptions;
}

export function createAibotLongConnection(deps: AibotLongDeps): LongConnection {
  const log = deps.logger.child({ mode: 'aibot-long' });
  const bot = deps.config.wecom.aibot;
  const opts = deps.options ?? {};
  const botId = bot?.mode === 'long' ? bot.botId : undefined;
  const secret = bot?.mode === 'long' ? bot.secret : undefined;
  const now = () => deps.clock.now().getTime();


  // ---- connection -------------------------------------------------------------------------------------------
  let sdk: WSClient | undefined;
  let authed = false;
  let everConnected = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let lastKickAt = 0;
  const sdkLog = sdkLogger(log.child({ sdk: '@wecom/aibot-node-sdk' }));

  function connect() {
    if (!botId || !secret || sdk || retryTimer || !held.running || !held.holder) return;
    const client = new WSClient({
      botId,
      secret,
      ...(bot?.wsUrl ? { wsUrl: bot.wsUrl } : {}),
      reconnectInterval: opts.reconnectBaseMs ?? 1000,
      maxReconnectAttempts: -1,
      maxAuthFailureAttempts: opts.authAttempts ?? AIBOT_AUTH_ATTEMPTS,
      heartbeatInterval: opts.heartbeatMs ?? 30_000,
      logger: sdkLog,
    });
    sdk = client;
    authed = false;
    client.on('authenticated', () => {
      if (sdk !== client) return;
      authed = true;
      log.info({ botId, reconnect: everConnected }, everConnected ? '企业微信智能机器人长连接已重新连接 WeCom AI bot reconnected' : '企业微信智能机器人长连接已连接 WeCom AI bot connected');
      everConnected = true;
    });
    client.on('disconnected', (reason: string) => {
      if (sdk !== client) return;
      authed = false;
      log.warn({ reason }, '企业微信智能机器人长连接断开，正在重连 WeCom AI bot connection lost, reconnecting');
    });
    client.on('error', (err: Error) => onSdkError(client, err));
    client.on('message', (frame: WsFrame) => track(onMessage(frame)));
    client.on('event.enter_chat', (frame: WsFrame) => track(onEnterChat(client, frame)));
    client.on('event.disconnected_event', () => onKicked(client));
    client.connect();
    log.info({ url: bot?.wsUrl ?? 'wss://openws.work.weixin.qq.com' }, '企业微信智能机器人长连接模式已启动 WeCom AI bot long connection started');
  }

  /** Drops the client and opens a new one after `delayMs` (if still running and holding the lease). */
  function retryLater(client: WSClient, delayMs: number, socketGone = false) {
    if (sdk !== client) return;
    client.removeAllListeners();
    client.on('error', () => undefined); // a socket still opening reports its abort
    if (!socketGone) {
      try {
        client.disconnect();
      } catch {
        /* already closed */
      }
    }
    sdk = undefined;
    authed = false;
    if (!held.running || !held.holder) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, delayMs);
    retryTimer.unref();
  }

  function onSdkError(client: WSClient, err: Error) {
    if (sdk !== client) return;
    if (err instanceof WSAuthFailureError) {
      const delay = opts.authRetryMs ?? AIBOT_AUTH_RETRY_MS;
      log.error(
        { botId, retryInMs: delay },
        `企业微信智能机器人长连接多次认证失败，${Math.round(delay / 60_000)} 分钟后再试；请核对 WECOM_AIBOT_BOT_ID 和 WECOM_AIBOT_SECRET WeCom AI bot authentication keeps failing`,
      );
      retryLater(client, delay);
      return;
    }
    if (err instanceof WSReconnectExhaustedError) {
      retryLater(client, opts.kickedLongRetryMs ?? AIBOT_KICKED_LONG_RETRY_MS); // not expected: reconnects are unlimited
      return;
    }
    const auth = /^Authentication failed: (.*) \(code: (-?\d+)\)$/.exec(err.message);
    if (auth) {
      log.error(
        { botId, errcode: Number(auth[2]), errmsg: auth[1] },
        '企业微信智能机器人长连接认证失败：BotID 或 Secret 不正确。请在管理后台「智能机器人 → API 模式 → 长连接」核对后填入 WECOM_AIBOT_BOT_ID 和 WECOM_AIBOT_SECRET 并重启 WeCom AI bot authentication failed (check bot id / secret)',
      );
      return;
    }
    log.warn({ err: err.message }, '企业微信智能机器人长连接错误 WeCom AI bot connection error');
  }

  function onKicked(client: WSClient) {
    if (sdk !== client) return;
    // The first kick in a while may be a process of this installation that overlapped the lease for a moment:
    // come back soon. Repeated kicks mean a second deployment with the same bot: back off for minutes.
    const repeated = lastKickAt > 0 && now() - lastKickAt < 10 * 60_000;
    lastKickAt = now();
    const delay = repeated ? (opts.kickedLongRetryMs ?? AIBOT_KICKED_LONG_RETRY_MS) : (opts.kickedRetryMs ?? AIBOT_KICKED_RETRY_MS);
    log.error(
      { botId, retryInMs: delay },
      '同一个智能机器人在别处建立了长连接，企业微信断开了本连接：同一机器人同一时间只能有一个进程连接，请停掉其他部署（例如开发电脑）WeCom AI bot connected elsewhere; this connection was dropped',
    );
    retryLater(client, delay, true); // the SDK already closed the socket and will not reconnect by itself
  }

  function disconnect() {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = undefined;
    const client = sdk;
    sdk = undefined;
    authed = false;
    if (!client) return;
    client.removeAllListeners();
    client.on('error', () => undefined); // a socket still opening reports its abort
    try {
      client.disconnect();
    } catch {
      /* already closed */
    }
  }

  // ---- lease, messages in flight, late replies: only one process of the installation holds the connection --
  const held = holdConnection({
    logger: log,
    clock: deps.clock,
    connect,
    disconnect,
    newLateReplies: () => createLateReplies({ logger: log, platform: 'wecom-aibot' }),
    lease: { tokens: deps.tokens, holderId: opts.holderId, ttlMs: opts.leaseTtlMs, renewMs: opts.leaseRenewMs, key: aibotLeaseKey(botId ?? ''), what: '企业微信智能机器人长连接' },
    stopGraceMs: opts.stopGraceMs ?? AIBOT_STOP_GRACE_MS,
  });

  // ---- messages ---------------------------------------------------------------------------------------------
  const replies = createStreamReplies({
    current: () => (sdk?.isConnected && authed ? sdk : undefined),
    late: () => held.late,
    logger: log,
    now,
    pendingAfterMs: opts.pendingAfterMs ?? AIBOT_PENDING_AFTER_MS,
  });

  function track(p: Promise<void>) {
    held.track(p.catch((err) => log.error({ err }, '智能机器人消息处理失败 WeCom AI bot message failed')));
  }

  async function onMessage(frame: WsFrame): Promise<void> {
    const decoded = decodeAibot((frame.body ?? {}) as AibotPayload, { now: deps.clock.now(), botName: deps.config.botName });
    if (decoded.kind !== 'message') {
      log.info({ reason: decoded.kind === 'ignored' ? decoded.reason : decoded.kind }, '忽略智能机器人消息 WeCom AI bot message ignored');
      return;
    }
    const msg = decoded.msg;
    const turn: StreamTurn = { frame, msg, streamId: randomBytes(12).toString('hex'), startedAt: now() };
    try {
      // Resolves once the inbound row is recorded (dedupe); a redelivered msgid is not answered again.
      await respond(deps.dispatcher, msg, {
        now: (m) => replies.answer(turn, Promise.resolve(m)),
        later: (answer) => replies.answerLater(turn, answer),
        ack: () => undefined,
      });
    } catch (err) {
      log.error({ err, msgId: msg.msgId }, '智能机器人消息未能入库 WeCom AI bot message not recorded');
    }
  }

  async function onEnterChat(client: WSClient, frame: WsFrame): Promise<void> {
    // Welcome text, allowed within 5 s of enter_chat (the same text as the callback mode).
    try {
      await client.replyWelcome(frame, { msgtype: 'text', text: { content: welcomeText(deps.config.botName) } });
    } catch (err) {
      log.warn({ err: describe(err) }, '智能机器人欢迎语发送失败 WeCom AI bot welcome failed');
    }
  }

  return {
    async start() {
      if (held.running) return;
      if (!botId || !secret) {
        log.error('智能机器人长连接模式需要 WECOM_AIBOT_BOT_ID 和 WECOM_AIBOT_SECRET WeCom AI bot long mode needs bot id and secret');
        return;
      }
      await held.start();
    },
    async stop() {
      if (!held.running && !sdk && !held.holder) return;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      await held.stop();
    },
    drain: () => held.drain(),
    get connected() {
      return !!sdk?.isConnected && authed;
    },
    get holder() {
      return held.holder;
    },
  };
}
