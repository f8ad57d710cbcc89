// The dingtalk-stream SDK's client with four fixes (see stream.ts): a configurable registration URL, one
// backed-off reconnect loop, an immediate reconnect on SYSTEM disconnect, and an idle watchdog.
import axios from 'axios';
import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';

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
export class GatewayClient extends DWClient {
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

  /** Closing a socket that is still opening makes ws emit an error (printed by the SDK): let _connect close it. */
  override disconnect(): void {
    if (this.ws?.readyState === 0) {
      (this as unknown as { userDisconnect: boolean }).userDisconnect = true;
      return;
    }
    super.disconnect();
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
