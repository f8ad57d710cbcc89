// Stream mode (Stream 模式): the robot messages arrive over DingTalk's WebSocket instead of the HTTP callback.
// Uses the official `dingtalk-stream` SDK (2.1.5) with four fixes around it:
//  - the registration POST goes to `${config.dingtalk.apiBase}/v1.0/gateway/connections/open` (the SDK hard-codes
//    api.dingtalk.com, which left tests no way to use a local gateway);
//  - one reconnect loop only (2.1.5 can start two after a failed connect) with backoff 1 s → 60 s;
//  - SYSTEM `disconnect` drops the socket at once so the SDK's autoReconnect opens a new one (2.1.5 only flips flags);
//  - an idle watchdog: WebSocket ping every 30 s, terminate when nothing was heard for 90 s.
// Every robot CALLBACK is ACKed with socketCallBackResponse *before* processing (DingTalk redelivers after ~60 s
// otherwise); a redelivery is harmless because the dispatcher de-duplicates on msgId.
//
// Only ONE process may hold the stream for an app: DingTalk hands each push to one randomly chosen connection, so a
// second process with the same AppKey (a laptop, a second replica) silently takes a share of the messages.
import axios from 'axios';
import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { DingtalkConfig } from '../../config.js';
import type { Dispatcher } from '../channel.js';
import type { DingtalkClient } from './client.js';
import { decode, replyHintOf } from './decode.js';

export const WATCHDOG_INTERVAL_MS = 30_000;
export const WATCHDOG_IDLE_MS = 90_000;
const MAX_BACKOFF_MS = 60_000;

interface SocketLike {
  readyState: number;
  ping(): void;
  terminate(): void;
  send(data: string): void;
}

interface GatewayOptions {
  clientId: string;
  clientSecret: string;
  gatewayUrl: string;
  clock: Clock;
  logger: Logger;
}

/** DWClient with a configurable gateway, a single backed-off reconnect loop and a watchdog. */
class GatewayClient extends DWClient {
  stopped = false;
  private connecting = false;
  private failures = 0;
  private lastSeen = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private backoffTimer: { timer: NodeJS.Timeout; resolve: () => void } | undefined;

  constructor(private readonly opts: GatewayOptions) {
    // autoReconnect and subscriptions are read from the options object at runtime (not in the SDK's TS type).
    super({ clientId: opts.clientId, clientSecret: opts.clientSecret, ua: 'dutydesk', keepAlive: false, debug: false, autoReconnect: true, subscriptions: [] } as ConstructorParameters<typeof DWClient>[0]);
  }

  private get ws(): SocketLike | undefined {
    return (this as unknown as { socket?: SocketLike }).socket;
  }

  override async getEndpoint(): Promise<this> {
    const res = await axios.post(
      this.opts.gatewayUrl,
      { clientId: this.config.clientId, clientSecret: this.config.clientSecret, ua: this.config.ua, subscriptions: this.config.subscriptions },
      { headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, timeout: 10_000, validateStatus: () => true },
    );
    const d = res.data as { endpoint?: unknown; ticket?: unknown; code?: unknown } | undefined;
    if (res.status !== 200 || typeof d?.endpoint !== 'string' || typeof d.ticket !== 'string' || !d.endpoint || !d.ticket) {
      // 401 authFailed (鉴权失败) is almost always a wrong or padded AppSecret.
      this.opts.logger.error({ status: res.status, code: d?.code }, '钉钉 Stream 注册失败 DingTalk stream registration failed');
      throw new Error('stream registration failed');
    }
    (this as unknown as { dw_url: string }).dw_url = `${d.endpoint}?ticket=${encodeURIComponent(d.ticket)}`;
    return this;
  }

  override async connect(): Promise<void> {
    if (this.stopped || this.connecting || this.connected) return;
    this.connecting = true;
    try {
      // The SDK retries after a fixed 1 s; stretch that to 1 s, 2 s, 4 s … 60 s for repeated failures.
      const extra = this.failures > 0 ? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1)) - 1000 : 0;
      if (extra > 0) await this.pause(extra);
      if (this.stopped) return;
      await super.connect(); // never rejects; schedules its own retry on failure
      if (this.connected) {
        if (this.failures) this.opts.logger.info({ failures: this.failures }, '钉钉 Stream 已重新连接 DingTalk stream reconnected');
        this.failures = 0;
        this.lastSeen = this.opts.clock.now().getTime();
        this.startWatchdog();
      } else {
        this.failures++;
      }
    } finally {
      this.connecting = false;
    }
  }

  /** A stop() that lands while the socket is being opened must still end with no connection. */
  override async _connect(): Promise<void> {
    if (this.stopped) throw new Error('stream stopped');
    await super._connect();
    if (this.stopped) this.disconnect();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.backoffTimer = undefined;
        resolve();
      }, ms);
      timer.unref();
      this.backoffTimer = { timer, resolve };
    });
  }

  override heartbeat(): void {
    super.heartbeat();
    this.lastSeen = this.opts.clock.now().getTime();
  }

  override onDownStream(data: string): void {
    this.lastSeen = this.opts.clock.now().getTime();
    try {
      super.onDownStream(data);
    } catch (err) {
      this.opts.logger.warn({ err }, '钉钉 Stream 帧无法解析 DingTalk stream frame unreadable');
    }
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    if (downstream.headers.topic === 'disconnect') {
      // The server stops delivering now and closes in ~10 s: drop it ourselves, autoReconnect opens a new one.
      this.opts.logger.info('钉钉 Stream 服务端要求断开，立即重连 DingTalk stream disconnect, reconnecting');
      this.ws?.terminate();
    }
  }

  private startWatchdog() {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => {
      const ws = this.ws;
      if (!this.connected || !ws || ws.readyState !== 1) return;
      if (this.opts.clock.now().getTime() - this.lastSeen > WATCHDOG_IDLE_MS) {
        this.opts.logger.warn('钉钉 Stream 连接无响应，重新连接 DingTalk stream idle, reconnecting');
        ws.terminate();
        return;
      }
      try {
        ws.ping();
      } catch {
        /* closing */
      }
    }, WATCHDOG_INTERVAL_MS);
    this.watchdog.unref();
  }

  stop() {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    if (this.backoffTimer) {
      clearTimeout(this.backoffTimer.timer);
      this.backoffTimer.resolve();
    }
    this.disconnect();
  }
}

export interface DingtalkStreamDeps {
  config: DingtalkConfig;
  dispatcher: Dispatcher;
  client: DingtalkClient;
  clock: Clock;
  logger: Logger;
  botNames?: string[];
}

export interface DingtalkStream {
  start(): Promise<void>;
  /** Disconnects (no reconnect) and waits for the messages still being processed. */
  stop(): Promise<void>;
  /** Resolves when every message received so far has been processed and answered. */
  drain(): Promise<void>;
  readonly connected: boolean;
}

export function createDingtalkStream(deps: DingtalkStreamDeps): DingtalkStream {
  const robot = deps.config.robot;
  if (!robot) throw new Error('DingTalk stream mode needs DINGTALK_APP_KEY / DINGTALK_APP_SECRET / DINGTALK_ROBOT_CODE');
  const log = deps.logger;
  const inflight = new Set<Promise<void>>();
  let sdk: GatewayClient | undefined;

  async function handleFrame(frame: DWClientDownStream): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(frame.data);
    } catch {
      log.warn({ messageId: frame.headers.messageId }, '钉钉 Stream 消息不是 JSON DingTalk stream data is not JSON');
      return;
    }
    const msg = decode(body, { now: deps.clock.now(), botNames: deps.botNames });
    if (!msg) {
      log.info({ messageId: frame.headers.messageId }, '忽略无法识别的钉钉 Stream 消息 unsupported DingTalk stream message');
      return;
    }
    const result = await deps.dispatcher.handle(msg);
    if (!result.reply || result.duplicate) return;
    const via = await deps.client.reply(replyHintOf(msg)!, result.reply);
    log.info({ msgId: msg.msgId, via }, '钉钉 Stream 回复已发送 DingTalk stream reply sent');
  }

  function onRobotMessage(this: void, frame: DWClientDownStream) {
    // ACK first: DingTalk redelivers an un-ACKed push after ~60 s.
    try {
      sdk?.socketCallBackResponse(frame.headers.messageId, null);
    } catch (err) {
      log.warn({ err }, '钉钉 Stream ACK 发送失败 DingTalk stream ACK failed');
    }
    const p: Promise<void> = handleFrame(frame)
      .catch((err) => log.error({ err, messageId: frame.headers.messageId }, '钉钉 Stream 消息处理失败 DingTalk stream message failed'))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }

  const drain = async () => {
    while (inflight.size) await Promise.allSettled([...inflight]);
  };

  return {
    async start() {
      if (sdk && !sdk.stopped) return;
      sdk = new GatewayClient({
        clientId: robot.appKey,
        clientSecret: robot.appSecret,
        gatewayUrl: `${deps.config.apiBase}/v1.0/gateway/connections/open`,
        clock: deps.clock,
        logger: log,
      });
      sdk.registerCallbackListener(TOPIC_ROBOT, onRobotMessage);
      sdk.on('error', (err: unknown) => log.warn({ err }, '钉钉 Stream 错误 DingTalk stream error'));
      // Does not wait for the connection: the SDK keeps retrying in the background (server start must not hang).
      void sdk.connect();
      log.info('钉钉 Stream 模式已启动 DingTalk stream mode started');
    },
    async stop() {
      sdk?.stop();
      await drain();
    },
    drain,
    get connected() {
      return !!sdk?.connected;
    },
  };
}
