// The only I/O of the WeCom adapter: access token (cached in the shared token store), message/send, the group
// robot webhook, kf/sync_msg + kf/send_msg, the AI-bot response_url and media/get. Every failure becomes a DeliveryError.
// Tokens and webhook keys only ever travel in query strings we never log.   docs/wecom.md#access-token, #message-send, #error-codes
import { TokenCache, type IssuedToken } from '../token-cache.js';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { isObject, platformHttp } from '../http-client.js';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { WecomConfig } from '../../config.js';
import type { TokenStore } from '../../store/index.js';
import { codeError, DeliveryError, type FetchedMedia, type MediaLimits } from '../channel.js';
import { downloadMedia, tooLarge } from '../media-download.js';
import type { OutgoingMessage } from '../message.js';
import { aibotResponse, appMessage, kfMessage, webhookMessage } from './encode.js';
import type { KfSyncResult } from './types.js';

/** Refresh the cached access token this long before it expires. */

export const RETRY_AFTER = {
  transient: 5_000, // 5xx, timeouts, errcode -1
  rate: 60_000, // 45009: a per-minute breach blocks for 60 s
  concurrency: 2_000, // 45033
} as const;

/** Codes after which the token is dropped, fetched again and the call repeated once. */
export const TOKEN_CODES = new Set([40014, 42001, 40001, 41001]);
/**
 * The app's configuration is wrong (no row is to blame): invalid CorpID, invalid agentid, API not permitted for this
 * app, no privilege, untrusted IP (60020), invalid group-robot key (93000). The outbox pauses the channel.
 */
export const CONFIG_CODES = new Set([40013, 40056, 48002, 60011, 60020, 93000]);
/**
 * One message cannot be delivered (its recipient or its content): invalid userid, message type, empty or too large
 * content, member outside the app's scope, userid not found, no valid recipient. 95xxx (微信客服 window) as well.
 * Every other code is retried with backoff until the row's give-up time.
 */
export const ROW_CODES = new Set([40003, 40008, 44004, 45002, 50002, 60111, 81013, 82001]);
/** At gettoken, only these answers are not a configuration error. */
const TRANSIENT_CODES = new Set([-1, 45009, 45033]);

export const UNTRUSTED_IP_MESSAGE =
  '企业微信拒绝了本服务器的出口 IP（错误码 60020）：请在企业微信管理后台 → 应用管理 → 本自建应用 → 企业可信IP 中添加本服务器的公网出口 IP，保存后约 1 分钟生效。';

type Res = AxiosResponse<unknown>;

export interface WecomClientDeps {
  config: WecomConfig;
  tokens: TokenStore;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
}

export class WecomClient {
  private readonly http: AxiosInstance;
  private readonly token: TokenCache;

  constructor(private readonly deps: WecomClientDeps) {
    this.token = new TokenCache(deps, () => this.tokenKey(), () => this.fetchToken());
    this.http = platformHttp({ timeoutMs: deps.timeoutMs, maxContentLength: 4 * 1024 * 1024 });
  }

  private get app() {
    const a = this.deps.config.app;
    if (!a) throw new DeliveryError('企业微信自建应用未配置 WECOM_CORP_ID/WECOM_SECRET are not set', 'fatal');
    return a;
  }

  tokenKey(): string {
    const a = this.app;
    return `wecom:${a.corpId}:${a.agentId}`;
  }

  // ---- transport ------------------------------------------------------------------------

  private async request(method: 'GET' | 'POST', url: string, what: string, body?: unknown): Promise<Res> {
    try {
      return await this.http.request({ method, url, data: body });
    } catch (err) {
      const code = (err as { code?: string }).code;
      const why = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'timeout' : (code ?? 'network error');
      throw new DeliveryError(`企业微信接口无响应 WeCom ${what} failed: ${why}`, 'retry', RETRY_AFTER.transient, code);
    }
  }

  /** {errcode, errmsg} → null when ok, 'token' when the token must be refreshed, else a DeliveryError. */
  private check(res: Res, what: string): DeliveryError | 'token' | null {
    if (res.status >= 500 || res.status === 429) {
      return new DeliveryError(`企业微信服务端错误 WeCom ${what}: HTTP ${res.status}`, res.status === 429 ? 'rate' : 'retry', res.status === 429 ? RETRY_AFTER.rate : RETRY_AFTER.transient, res.status);
    }
    if (!isObject(res.data) || typeof res.data.errcode !== 'number') {
      if (res.status === 200 && isObject(res.data) && res.data.errcode === undefined) return null; // some answers omit errcode
      return new DeliveryError(`企业微信应答无法识别 unexpected WeCom answer to ${what} (HTTP ${res.status})`, 'retry', RETRY_AFTER.transient, res.status);
    }
    const errcode = res.data.errcode;
    const errmsg = typeof res.data.errmsg === 'string' ? res.data.errmsg.slice(0, 200) : '';
    if (errcode === 0) return null;
    if (TOKEN_CODES.has(errcode)) return 'token';
    const msg = `企业微信返回 errcode ${errcode} ${errmsg}`.trim();
    if (errcode === -1) return new DeliveryError(msg, 'retry', RETRY_AFTER.transient, errcode);
    if (errcode === 45009) return new DeliveryError(`企业微信接口调用频率超限 ${msg}`, 'rate', RETRY_AFTER.rate, errcode);
    if (errcode === 45033) return new DeliveryError(`企业微信接口并发超限 ${msg}`, 'rate', RETRY_AFTER.concurrency, errcode);
    if (errcode === 60020) {
      this.deps.logger.error({ errcode, what }, UNTRUSTED_IP_MESSAGE);
      return new DeliveryError(UNTRUSTED_IP_MESSAGE, 'config', undefined, errcode);
    }
    if (errcode >= 95000 && errcode < 96000) {
      return new DeliveryError(`微信客服消息无法发送（超出 48 小时/5 条回复窗口，或会话不在可回复状态）${msg}`, 'fatal', undefined, errcode);
    }
    if (errcode === 93000) return new DeliveryError(`群机器人 webhook key 无效，请检查 WECOM_GROUP_WEBHOOK_KEY（只填 key= 后面的部分）${msg}`, 'config', undefined, errcode);
    const configText = `企业微信应用配置错误，请检查 WECOM_CORP_ID、WECOM_AGENT_ID 和应用权限 ${msg}`;
    return codeError(errcode, msg, { config: CONFIG_CODES, configText, row: ROW_CODES }, RETRY_AFTER.transient);
  }

  // ---- access token ---------------------------------------------------------------------

  /** Cached in the token store (shared by every process), refreshed before expiry (token-cache.ts). */
  accessToken(opts: { force?: boolean } = {}): Promise<string> {
    return this.token.get(opts);
  }

  private async fetchToken(): Promise<IssuedToken> {
    const { corpId, secret } = this.app;
    const q = new URLSearchParams({ corpid: corpId, corpsecret: secret });
    const res = await this.request('GET', `${this.deps.config.apiBase}/cgi-bin/gettoken?${q}`, 'gettoken');
    const err = this.check(res, 'gettoken');
    const errcode = isObject(res.data) && typeof res.data.errcode === 'number' ? res.data.errcode : undefined;
    // Whatever gettoken refuses (wrong or revoked secret 40001 / 40125, wrong CorpID 40013 …) is configuration.
    if (err === 'token' || (err && err.kind !== 'config' && errcode !== undefined && !TRANSIENT_CODES.has(errcode))) {
      throw new DeliveryError(`获取企业微信 access_token 失败（errcode ${errcode}）：WECOM_SECRET 或 WECOM_CORP_ID 不正确，或 Secret 已重置`, 'config', undefined, errcode);
    }
    if (err) throw err;
    const d = res.data as Record<string, unknown>;
    if (typeof d.access_token !== 'string' || !d.access_token) throw new DeliveryError('企业微信 gettoken 未返回 access_token', 'retry', RETRY_AFTER.transient);
    this.deps.logger.info({ corpId, agentId: this.app.agentId }, '已获取企业微信 access_token WeCom access token refreshed');
    return { value: d.access_token, expiresInSeconds: Number(d.expires_in) > 0 ? Number(d.expires_in) : 7200 };
  }

  /** POST /cgi-bin/<path>?access_token=…; an invalid/expired token is dropped, refreshed and the call repeated once. */
  async call(path: string, body: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.accessToken({ force: attempt > 0 });
      const res = await this.request('POST', `${this.deps.config.apiBase}/cgi-bin/${path}?access_token=${encodeURIComponent(token)}`, path, body);
      const err = this.check(res, path);
      if (err === null) return res.data as Record<string, unknown>;
      if (err !== 'token') throw err;
      this.deps.logger.warn({ path, errcode: (res.data as { errcode?: number }).errcode }, '企业微信 access_token 失效，重新获取 WeCom token rejected, refreshing');
      await this.token.drop();
    }
    throw new DeliveryError('企业微信 access_token 刷新后仍被拒绝 token still rejected after refresh', 'retry', RETRY_AFTER.transient, 42001);
  }

  // ---- media ----------------------------------------------------------------------------

  /**
   * media/get: a photo or voice file by its media_id (self-built app MediaId, 微信客服 media_id: the same call).
   * A media_id lives 3 days; after that WeCom answers 40007.   docs/wecom.md#media-download
   */
  async fetchMedia(mediaId: string, limits: MediaLimits): Promise<FetchedMedia> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.accessToken({ force: attempt > 0 });
      const url = `${this.deps.config.apiBase}/cgi-bin/media/get?access_token=${encodeURIComponent(token)}&media_id=${encodeURIComponent(mediaId)}`;
      const got = await downloadMedia({ url, limits, label: '企业微信', timeoutMs: this.deps.timeoutMs });
      if ('media' in got) return got.media;
      const errcode = isObject(got.json) ? got.json.errcode : undefined;
      if (errcode === 40007) throw new DeliveryError('企业微信素材已过期或无效（media_id 有效期 3 天），无法下载', 'fatal', undefined, errcode);
      if (errcode === 830002) throw tooLarge(limits);
      const err = this.check({ status: got.status, data: got.json } as Res, 'media/get');
      if (err === 'token') continue;
      throw err ?? new DeliveryError('企业微信 media/get 没有返回文件', 'retry', RETRY_AFTER.transient, got.status);
    }
    throw new DeliveryError('企业微信 access_token 刷新后仍被拒绝 token still rejected after refresh', 'retry', RETRY_AFTER.transient, 42001);
  }

  // ---- sends ----------------------------------------------------------------------------

  /** message/send to one member (text / markdown / textcard) with agentid; `duplicateCheck`: see appMessage. */
  async sendApp(userId: string, msg: OutgoingMessage, opts: { cardUrl?: string; duplicateCheck?: boolean } = {}): Promise<void> {
    const data = await this.call('message/send', appMessage(userId, this.app.agentId, msg, opts));
    const invalid = typeof data.invaliduser === 'string' ? data.invaliduser.split('|') : [];
    if (invalid.includes(userId)) throw new DeliveryError(`企业微信成员不存在或不在应用可见范围 invalid user`, 'fatal', undefined, 'invaliduser');
  }

  /** Group robot webhook (群机器人 / 消息推送): the key is the only credential. */
  async sendWebhook(msg: OutgoingMessage, key = this.deps.config.groupWebhookKey): Promise<void> {
    if (!key) throw new DeliveryError('企业微信群机器人未配置 WECOM_GROUP_WEBHOOK_KEY is not set', 'fatal');
    const res = await this.request('POST', `${this.deps.config.webhookBase}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, 'webhook/send', webhookMessage(msg));
    const err = this.check(res, 'webhook/send');
    if (err === 'token') throw new DeliveryError('群机器人 webhook key 无效（WECOM_GROUP_WEBHOOK_KEY）', 'config', undefined, 93000);
    if (err) throw err;
  }

  /** kf/sync_msg: one page after `cursor`. */
  async kfSync(input: { token: string; openKfid: string; cursor?: string; limit?: number }): Promise<KfSyncResult> {
    const body = { ...(input.cursor ? { cursor: input.cursor } : {}), token: input.token, limit: input.limit ?? 1000, voice_format: 0, open_kfid: input.openKfid };
    return (await this.call('kf/sync_msg', body)) as KfSyncResult;
  }

  /** kf/send_msg to a resident (recipient of the 'wecom-kf' outbox channel: `${open_kfid}:${external_userid}`); `msgid` makes a retry recognisable. */
  async kfSend(openKfid: string, externalUserId: string, msg: OutgoingMessage, msgid?: string): Promise<void> {
    await this.call('kf/send_msg', kfMessage(openKfid, externalUserId, msg, msgid));
  }

  /** AI-bot active reply through the response_url of the message (single use, valid 1 h, no token). */
  async aibotRespond(responseUrl: string, msg: OutgoingMessage): Promise<void> {
    if (!this.isResponseUrlAllowed(responseUrl)) throw new DeliveryError('response_url 不是企业微信的地址 response_url host not allowed', 'fatal', undefined, 'responseHost');
    const res = await this.request('POST', responseUrl, 'aibot/response', aibotResponse(msg));
    const err = this.check(res, 'aibot/response');
    if (err === 'token') throw new DeliveryError('response_url 已失效 response_url rejected', 'fatal');
    if (err) throw err;
  }

  isResponseUrlAllowed(url: string): boolean {
    try {
      return new URL(url).origin === new URL(this.deps.config.apiBase).origin;
    } catch {
      return false;
    }
  }
}
