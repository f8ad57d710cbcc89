// AI bot (智能机器人) long-connection mode (长连接): the bot's messages arrive over WeCom's WebSocket
// (wss://openws.work.weixin.qq.com, WECOM.md §3.4) instead of the /wecom/aibot HTTP callback, so no public URL is
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
import { WSAuthFailureError, WSClient, WSReconnectExhaustedError, type Logger as SdkLogger, type WsFrame } from '@wecom/aibot-node-sdk';
import { createLease, LEASE_RENEW_MS, LEASE_TTL_MS } from '../lease.js';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { TokenStore } from '../../store/index.js';
import { DeliveryError, type Dispatcher } from '../channel.js';
import { respond } from '../respond.js';
import { welcomeText } from '../welcome.js';
import { createLateReplies, type LateReplies } from '../late-replies.js';
import type { IncomingMessage, OutgoingMessage } from '../message.js';
import { STREAM_PENDING_TEXT, STREAM_WINDOW_MS } from './aibot.js';
import { decodeAibot } from './decode.js';
import { aibotContent } from './encode.js';
import type { AibotPayload } from './types.js';

/** Lease row: ttl 60 s, renewed every 20 s; a crashed holder is replaced after at most ttl + renew. */
export const AIBOT_LEASE_TTL_MS = LEASE_TTL_MS;
export const AIBOT_LEASE_RENEW_MS = LEASE_RENEW_MS;
export const aibotLeaseKey = (botId: string) => `wecom-aibot-lease:${botId}`;
/** A `later` answer not ready after this long gets a 正在处理 stream frame first. */
export const AIBOT_PENDING_AFTER_MS = 1_000;
/** Authentication attempts (with the SDK's backoff 1 s, 2 s, 4 s, 8 s) before pausing. */
export const AIBOT_AUTH_ATTEMPTS = 5;
/** Pause after the authentication attempts failed: the BotID / Secret is wrong until someone fixes it. */
export const AIBOT_AUTH_RETRY_MS = 10 * 60_000;
/** Reconnect delay after WeCom dropped us for another connection of the same bot (later kicks: the long one). */
export const AIBOT_KICKED_RETRY_MS = 5_000;
export const AIBOT_KICKED_LONG_RETRY_MS = 5 * 60_000;
/** stop() lets messages being processed be answered for at most this long before it closes the socket. */
export const AIBOT_STOP_GRACE_MS = 10_000;

export interface AibotLongOptions {
  /** Identifies this process in the lease row (default host:pid:random). */
  holderId?: string;
  leaseTtlMs?: number;
  leaseRenewMs?: number;
  /** SDK reconnect base delay (doubles per attempt, capped at 30 s by the SDK). */
  reconnectBaseMs?: number;
  /** SDK heartbeat interval (default 30 s). */
  heartbeatMs?: number;
  authAttempts?: number;
  authRetryMs?: number;
  kickedRetryMs?: number;
  kickedLongRetryMs?: number;
  pendingAfterMs?: number;
  stopGraceMs?: number;
}

export interface LongConnection {
  start(): Promise<void>;
  /** Lets in-flight answers go out (bounded), closes the socket (no reconnect) and gives the lease back. */
  stop(): Promise<void>;
  /** Resolves when every message received so far has been dispatched and answered. */
  drain(): Promise<void>;
  /** Socket open and subscribed. */
  readonly connected: boolean;
  /** True while this process holds the lease. */
  readonly holder: boolean;
}

export interface AibotLongDeps {
  config: Config;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  tokens: TokenStore;
  options?: AibotLongOptions;
}

/** The SDK logs through console by default; route it to pino (its info chatter at debug). */
function sdkLogger(log: Logger): SdkLogger {
  const text = (message: string, args: unknown[]) =>
    args.length ? `${message} ${args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ')}` : message;
  return {
    debug: (m, ...a) => log.debug(text(m, a)),
    info: (m, ...a) => log.debug(text(m, a)),
    warn: (m, ...a) => log.warn(text(m, a)),
    // Errors the SDK logs also reach the 'error' event, where we log them with the operator's explanation.
    error: (m, ...a) => log.warn(text(m, a)),
  };
}

/** The SDK rejects a reply with the ack frame itself when errcode ≠ 0. */
function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  const f = err as { errcode?: unknown; errmsg?: unknown } | undefined;
  if (f && typeof f === 'object' && 'errcode' in f) return `errcode=${String(f.errcode)} errmsg=${String(f.errmsg)}`;
  return String(err);
}

export function createAibotLongConnection(deps: AibotLongDeps): LongConnection {
  const log = deps.logger.child({ mode: 'aibot-long' });
  const bot = deps.config.wecom.aibot;
  const opts = deps.options ?? {};
  const botId = bot?.mode === 'long' ? bot.botId : undefined;
  const secret = bot?.mode === 'long' ? bot.secret : undefined;
  const now = () => deps.clock.now().getTime();

  const newLate = () => createLateReplies({ logger: log, platform: 'wecom-aibot' });
  let late: LateReplies = newLate();
  let lateClosed = false;
  const inflight = new Set<Promise<void>>();
  let running = false;

  // ---- connection -------------------------------------------------------------------------------------------
  let sdk: WSClient | undefined;
  let authed = false;
  let everConnected = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let lastKickAt = 0;
  const sdkLog = sdkLogger(log.child({ sdk: '@wecom/aibot-node-sdk' }));

  function connect() {
    if (!botId || !secret || sdk || retryTimer || !running || !lease.holding) return;
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
    if (!running || !lease.holding) return;
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

  // ---- lease: only one process of the installation holds the connection ---------------------------------------
  const lease = createLease({
    tokens: deps.tokens,
    key: aibotLeaseKey(botId ?? ''),
    clock: deps.clock,
    logger: log,
    what: '企业微信智能机器人长连接',
    holderId: opts.holderId,
    ttlMs: opts.leaseTtlMs ?? AIBOT_LEASE_TTL_MS,
    renewMs: opts.leaseRenewMs ?? AIBOT_LEASE_RENEW_MS,
    onHold: () => connect(),
    onStandby: () => disconnect(),
  });

  // ---- messages ---------------------------------------------------------------------------------------------
  function track(p: Promise<void>) {
    const q: Promise<void> = p.catch((err) => log.error({ err }, '智能机器人消息处理失败 WeCom AI bot message failed')).finally(() => inflight.delete(q));
    inflight.add(q);
  }

  /** One stream frame on the current connection (the req_id travels with the frame, not the socket). */
  function streamFrame(frame: WsFrame, streamId: string, content: string, finish: boolean): Promise<WsFrame> {
    const client = sdk;
    if (!client?.isConnected || !authed) return Promise.reject(new Error('not connected'));
    return client.replyStream(frame, streamId, content, finish);
  }

  /** The final answer: finish the stream; when that is no longer possible, push it into the chat. */
  async function deliver(frame: WsFrame, streamId: string, msg: IncomingMessage, startedAt: number, m: OutgoingMessage): Promise<string> {
    const content = aibotContent(m);
    const client = sdk;
    if (!client?.isConnected || !authed) throw new DeliveryError('智能机器人长连接未连接，稍后重试 WeCom AI bot not connected', 'retry', 5_000);
    if (now() - startedAt < STREAM_WINDOW_MS) {
      try {
        await client.replyStream(frame, streamId, content, true);
        return 'stream';
      } catch (err) {
        log.warn({ msgId: msg.msgId, err: describe(err) }, '智能机器人流式回复失败，改为主动推送 stream reply failed, pushing instead');
      }
    }
    try {
      await client.sendMessage(msg.chat.id, { msgtype: 'markdown', markdown: { content } });
      return 'aibot_send_msg';
    } catch (err) {
      throw new DeliveryError(`智能机器人主动推送失败 WeCom AI bot push failed: ${describe(err)}`, 'retry', 5_000);
    }
  }

  async function onMessage(frame: WsFrame): Promise<void> {
    const decoded = decodeAibot((frame.body ?? {}) as AibotPayload, { now: deps.clock.now(), botName: deps.config.botName });
    if (decoded.kind !== 'message') {
      log.info({ reason: decoded.kind === 'ignored' ? decoded.reason : decoded.kind }, '忽略智能机器人消息 WeCom AI bot message ignored');
      return;
    }
    const msg = decoded.msg;
    const startedAt = now();
    const streamId = randomBytes(12).toString('hex');
    try {
      // Resolves once the inbound row is recorded (dedupe); a redelivered msgid is not answered again.
      await respond(deps.dispatcher, msg, {
        now: (m) => late.send('aibot/stream', msg.msgId, Promise.resolve(m), (x) => deliver(frame, streamId, msg, startedAt, x)),
        later: (answer) => finishLater(frame, streamId, msg, startedAt, answer),
        ack: () => undefined,
      });
    } catch (err) {
      log.error({ err, msgId: msg.msgId }, '智能机器人消息未能入库 WeCom AI bot message not recorded');
    }
  }

  /** Slow answer: show 正在处理 when it takes more than a moment, then finish the same stream. */
  function finishLater(frame: WsFrame, streamId: string, msg: IncomingMessage, startedAt: number, later: Promise<OutgoingMessage | undefined>) {
    let pending: Promise<boolean> | undefined;
    const timer = setTimeout(() => {
      pending = streamFrame(frame, streamId, STREAM_PENDING_TEXT, false).then(
        () => true,
        (err) => {
          log.warn({ msgId: msg.msgId, err: describe(err) }, '智能机器人“正在处理”提示发送失败 pending stream frame failed');
          return false;
        },
      );
    }, opts.pendingAfterMs ?? AIBOT_PENDING_AFTER_MS);
    timer.unref();
    const answer = later.then(
      async (m) => {
        clearTimeout(timer);
        const shown = pending ? await pending : false;
        // Nothing to say, but the user sees 正在处理: close the stream (empty, like the callback mode's refresh).
        if (!m && shown) await streamFrame(frame, streamId, '', true).catch((err) => log.warn({ msgId: msg.msgId, err: describe(err) }, '智能机器人流式消息结束失败 stream close failed'));
        return m;
      },
      (err: unknown) => {
        clearTimeout(timer);
        throw err;
      },
    );
    late.send('aibot/stream', msg.msgId, answer, (m) => deliver(frame, streamId, msg, startedAt, m));
  }

  async function onEnterChat(client: WSClient, frame: WsFrame): Promise<void> {
    // Welcome text, allowed within 5 s of enter_chat (the same text as the callback mode).
    try {
      await client.replyWelcome(frame, { msgtype: 'text', text: { content: welcomeText(deps.config.botName) } });
    } catch (err) {
      log.warn({ err: describe(err) }, '智能机器人欢迎语发送失败 WeCom AI bot welcome failed');
    }
  }

  const drain = async () => {
    while (inflight.size) await Promise.allSettled([...inflight]);
    await late.drain();
  };

  return {
    async start() {
      if (running) return;
      if (!botId || !secret) {
        log.error('智能机器人长连接模式需要 WECOM_AIBOT_BOT_ID 和 WECOM_AIBOT_SECRET WeCom AI bot long mode needs bot id and secret');
        return;
      }
      running = true;
      if (lateClosed) {
        late = newLate();
        lateClosed = false;
      }
      await lease.start();
    },
    async stop() {
      if (!running && !sdk && !lease.holding) return;
      running = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      // Answer what is being processed while the socket is still open, but do not hold the shutdown for long.
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([drain(), new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, opts.stopGraceMs ?? AIBOT_STOP_GRACE_MS)))]);
      clearTimeout(graceTimer);
      disconnect();
      while (inflight.size) await Promise.allSettled([...inflight]);
      await late.close();
      lateClosed = true;
      await lease.stop(); // gives the lease back: the next process takes over at once
    },
    drain,
    get connected() {
      return !!sdk?.isConnected && authed;
    },
    get holder() {
      return lease.holding;
    },
  };
}
