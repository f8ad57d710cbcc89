// The only I/O of the DingTalk adapter: access token, robot OpenAPI sends, custom group robot, sessionWebhook, file download.
// Every failure becomes a DeliveryError: 'rate' / 'retry' (with retryAfterMs) or 'fatal'.   docs/dingtalk.md#sessionwebhook, #robot-one-to-one-send, #error-codes
import { TokenCache, type IssuedToken } from '../token-cache.js';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { isObject, platformHttp } from '../http-client.js';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { DingtalkConfig } from '../../config.js';
import type { TokenStore } from '../../store/index.js';
import { codeError, DeliveryError, type FetchedMedia, type MediaLimits } from '../channel.js';
import { downloadMedia } from '../media-download.js';
import type { OutgoingMessage } from '../message.js';
import { toBatchSend, toCustomRobot, toGroupSend, toWebhook } from './encode.js';
import type { DingtalkReplyHint } from './types.js';
import { signWebhookUrl } from './verify.js';

/** Refresh the cached access token this long before it expires. */
/** Do not use a sessionWebhook that expires within this margin; go through the robot API instead. */
export const SESSION_SAFETY_MS = 5 * 60_000;

/** Back-off hints handed to the outbox. */
export const RETRY_AFTER = {
  transient: 5_000, // 5xx, timeouts, connection errors, errcode -1
  qps: 2_000, // QpsLimitForAppkeyAndApi / 90018 / 90002
  sendTooFast: 60_000, // send.too.fast & co on the robot API
  customRobotBlocked: 10 * 60_000, // 410100 / 130101: the robot is blocked for 10 minutes
  security: 60_000, // 310000 (timestamp / sign / keyword / IP check)
  ipBlocked: 5 * 60_000, // {"status":1111,"wait":5} egress IP punished for 5 minutes
} as const;

/** Codes that mean the robot API is throttling us. */
const API_RATE_CODES = new Set(['send.too.fast', 'send.byToken.tooFast', 'too.many.group', 'too.many.people']);
const API_TOKEN_CODES = new Set(['InvalidAuthentication', 'token.notExisted', 'InvalidAccessToken', 'Unauthorized', 'invalidAccessToken']);
const OAPI_TOKEN_CODES = new Set([40014, 42001, 88]);
/**
 * Robot API codes that say the app or robot is misconfigured (no row is to blame): the robotCode does not exist or
 * does not belong to the app, the robot is stopped or may not send. The outbox pauses the channel.
 */
const API_CONFIG_CODES = new Set(['bot.stopped', 'bot.forbidden.sendMessage', 'chatbotId.notAllow.sendOTO', 'robot.oto.notExist']);
/** Robot API codes that belong to one message: its recipient or its content (docs/dingtalk.md#robot-api-error-codes). */
const API_ROW_CODES = new Set(['staffId.notExisted', 'invalid.openConversationId', 'group.disbanded', 'conversation.org.notMatch', 'template.not.existed', 'template.stopped', 'contain.unsafe.url']);
const API_ROW_PREFIXES = ['invalidParameter.', 'miss.', 'notAllowed.'];
/** Custom robot codes of a dead webhook: access_token gone (robot removed), robot disabled, robot gone, group dissolved. */
const OAPI_CONFIG_CODES = new Set([400101, 400102, 400106, 400013]);
/** Custom robot / sessionWebhook codes that belong to one message (docs/dingtalk.md#custom-robot-error-codes). */
const OAPI_ROW_CODES = new Set([300001, 40035, 43004, 400105, 430101, 430102, 430103, 430104]);

export interface DingtalkClientDeps {
  config: DingtalkConfig;
  tokens: TokenStore;
  clock: Clock;
  logger: Logger;
  /** Per-request timeout; a hung DingTalk answer becomes a 'retry'. */
  timeoutMs?: number;
}

type Res = AxiosResponse<unknown>;

export class DingtalkClient {
  private readonly http: AxiosInstance;
  private readonly token: TokenCache;

  constructor(private readonly deps: DingtalkClientDeps) {
    this.token = new TokenCache(deps, () => this.tokenKey(), () => this.fetchToken());
    // Bounded answers: DingTalk replies are small.
    this.http = platformHttp({ timeoutMs: deps.timeoutMs, maxContentLength: 1024 * 1024 });
  }

  private get robot() {
    const r = this.deps.config.robot;
    if (!r) throw new DeliveryError('钉钉企业内部应用机器人未配置 DingTalk robot is not configured', 'fatal');
    return r;
  }

  private tokenKey(): string {
    return `dingtalk:${this.robot.appKey}`;
  }

  // ---- transport ----------------------------------------------------------------------

  private retryAfter(res: Res, fallback: number): number {
    const h = res.headers?.['retry-after'];
    const v = typeof h === 'string' ? h.trim() : undefined;
    if (v && /^\d+$/.test(v)) return Math.max(1000, Number(v) * 1000);
    if (v) {
      const at = Date.parse(v);
      if (Number.isFinite(at)) return Math.max(1000, at - this.deps.clock.now().getTime());
    }
    return fallback;
  }

  private async post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Res> {
    try {
      return await this.http.post(url, body, { headers });
    } catch (err) {
      const code = (err as { code?: string }).code;
      const what = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'timeout' : (code ?? 'network error');
      throw new DeliveryError(`钉钉接口无响应 DingTalk request failed: ${what}`, 'retry', RETRY_AFTER.transient, code);
    }
  }

  /** Throttling, 5xx and the egress-IP punishment page, common to both API styles. */
  private transientError(res: Res): DeliveryError | null {
    const d = res.data;
    if (isObject(d) && Number(d.status) === 1111) {
      const wait = Number(d.wait);
      return new DeliveryError('钉钉限制了出口 IP DingTalk blocked the egress IP', 'rate', Number.isFinite(wait) && wait > 0 ? wait * 60_000 : RETRY_AFTER.ipBlocked, 1111);
    }
    if (res.status === 429) return new DeliveryError('钉钉限流 DingTalk throttled (429)', 'rate', this.retryAfter(res, RETRY_AFTER.qps), 429);
    if (res.status >= 500) return new DeliveryError(`钉钉服务端错误 DingTalk server error ${res.status}`, 'retry', this.retryAfter(res, RETRY_AFTER.transient), res.status);
    return null;
  }

  /** New-style API (api.dingtalk.com): HTTP status + {code, message}. */
  private apiError(res: Res): DeliveryError | 'token' | null {
    const t = this.transientError(res);
    if (t) return t;
    const d = isObject(res.data) ? res.data : {};
    const code = typeof d.code === 'string' ? d.code : undefined;
    const message = typeof d.message === 'string' ? d.message : '';
    if (res.status >= 200 && res.status < 300) return null;
    if (res.status === 401 || (code && API_TOKEN_CODES.has(code)) || /access_?token/i.test(message)) return 'token';
    if (code && /QpsLimit/i.test(code)) return new DeliveryError(`钉钉接口调用过快 ${code}`, 'rate', this.retryAfter(res, RETRY_AFTER.qps), code);
    if (code && API_RATE_CODES.has(code)) return new DeliveryError(`钉钉机器人发送过快 ${code}`, 'rate', this.retryAfter(res, RETRY_AFTER.sendTooFast), code);
    const what = `${code ?? res.status} ${message}`.trim();
    if (code && (API_CONFIG_CODES.has(code) || code.startsWith('invalidParameter.robotCode') || /AccessDenied/i.test(code))) {
      return new DeliveryError(`钉钉机器人配置错误（机器人已停用、RobotCode 不属于本应用，或未开通“企业内机器人发送消息权限”）：${what}`, 'config', undefined, code);
    }
    if (code && (API_ROW_CODES.has(code) || API_ROW_PREFIXES.some((p) => code.startsWith(p)))) return new DeliveryError(`钉钉接口拒绝 DingTalk rejected: ${what}`, 'fatal', undefined, code);
    // Not in our tables: retried with backoff until the row's give-up time, never dropped at once.
    return new DeliveryError(`钉钉接口拒绝（未识别的错误码，稍后重试）DingTalk rejected: ${what}`, 'retry', RETRY_AFTER.transient, code ?? res.status);
  }

  /** Old-style answer (oapi, custom robot, sessionWebhook): HTTP 200 with {errcode, errmsg}. */
  private oapiError(res: Res): DeliveryError | null {
    const t = this.transientError(res);
    if (t) return t;
    if (!isObject(res.data) || typeof res.data.errcode !== 'number') {
      return new DeliveryError(`钉钉应答无法识别 unexpected DingTalk answer (HTTP ${res.status})`, 'retry', RETRY_AFTER.transient, res.status);
    }
    const errcode = res.data.errcode;
    const errmsg = typeof res.data.errmsg === 'string' ? res.data.errmsg : '';
    if (errcode === 0) return null;
    const msg = `钉钉返回 errcode ${errcode} ${errmsg}`.trim();
    switch (errcode) {
      case -1:
        return new DeliveryError(msg, 'retry', RETRY_AFTER.transient, errcode);
      case 410100:
      case 130101:
        return new DeliveryError(msg, 'rate', RETRY_AFTER.customRobotBlocked, errcode);
      case 90018:
      case 90002:
        return new DeliveryError(msg, 'rate', RETRY_AFTER.qps, errcode);
      case 310000:
        // invalid timestamp / sign not match / keywords / IP whitelist: kept for retry (the sign is recomputed
        // per request, clocks get fixed, settings get corrected); the outbox gives up at giveUpAt.
        return new DeliveryError(msg, 'retry', RETRY_AFTER.security, errcode);
    }
    const configText = `钉钉自定义群机器人已失效（被移出群、停用或群已解散），请检查 DINGTALK_GROUP_WEBHOOK：${msg}`;
    return codeError(errcode, msg, { config: OAPI_CONFIG_CODES, configText, row: OAPI_ROW_CODES }, RETRY_AFTER.transient);
  }

  // ---- access token -------------------------------------------------------------------

  /** Cached in the token store (shared by every process), refreshed before expiry (token-cache.ts). */
  accessToken(opts: { force?: boolean } = {}): Promise<string> {
    return this.token.get(opts);
  }

  private async fetchToken(): Promise<IssuedToken> {
    const { appKey, appSecret } = this.robot;
    const res = await this.post(`${this.deps.config.apiBase}/v1.0/oauth2/accessToken`, { appKey, appSecret });
    const t = this.transientError(res);
    if (t) throw t;
    const d = isObject(res.data) ? res.data : {};
    if (res.status !== 200) {
      // Wrong or reset Client ID / Client Secret (invalidClientIdOrSecret …): the whole app is misconfigured.
      const code = typeof d.code === 'string' ? d.code : res.status;
      throw new DeliveryError(`获取钉钉 access_token 失败，请检查 DINGTALK_APP_KEY / DINGTALK_APP_SECRET token request rejected: ${code}`, 'config', undefined, code);
    }
    if (typeof d.accessToken !== 'string' || !d.accessToken) throw new DeliveryError('钉钉 accessToken 应答无法识别 unexpected token answer', 'retry', RETRY_AFTER.transient, res.status);
    this.deps.logger.info({ appKey }, '已获取钉钉 access_token DingTalk access token refreshed');
    return { value: d.accessToken, expiresInSeconds: Number(d.expireIn) > 0 ? Number(d.expireIn) : 7200 };
  }

  /** POST to a new-style API with the token header; an invalid token is refreshed once and the call retried. */
  private async api(path: string, body: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.accessToken({ force: attempt > 0 });
      const res = await this.post(`${this.deps.config.apiBase}${path}`, body, { 'x-acs-dingtalk-access-token': token });
      const err = this.apiError(res);
      if (err === null) return isObject(res.data) ? res.data : {};
      if (err !== 'token') throw err;
      this.deps.logger.warn({ path }, '钉钉 access_token 失效，重新获取 DingTalk token rejected, refreshing');
      await this.token.drop();
    }
    throw new DeliveryError('钉钉 access_token 刷新后仍被拒绝 token still rejected after refresh', 'retry', RETRY_AFTER.transient, 'InvalidAuthentication');
  }

  // ---- media --------------------------------------------------------------------------

  /**
   * A photo or voice file of a robot message: its downloadCode is exchanged for a temporary downloadUrl
   * (POST /v1.0/robot/messageFiles/download), which is then fetched without our token. Each try asks for a new URL.
   * docs/dingtalk.md#robot-file-download
   */
  async fetchMedia(downloadCode: string, limits: MediaLimits): Promise<FetchedMedia> {
    const data = await this.api('/v1.0/robot/messageFiles/download', { downloadCode, robotCode: this.robot.robotCode }).catch((err: unknown) => {
      const expired = err instanceof DeliveryError && err.kind === 'fatal';
      throw expired ? new DeliveryError(`钉钉下载码无效或已过期，无法下载（${String(err.platformCode ?? '')}）`, 'fatal', undefined, err.platformCode) : err;
    });
    const url = typeof data.downloadUrl === 'string' ? data.downloadUrl : '';
    if (!/^https?:\/\//.test(url)) throw new DeliveryError('钉钉未返回下载地址 no downloadUrl', 'retry', RETRY_AFTER.transient, 'noDownloadUrl');
    const got = await downloadMedia({ url, limits, label: '钉钉', timeoutMs: this.deps.timeoutMs, maxRedirects: 3 });
    if ('media' in got) return got.media;
    // The temporary URL answered an error instead of the file (expired, refused): a new URL next time.
    throw new DeliveryError(`钉钉文件下载失败：HTTP ${got.status}`, 'retry', RETRY_AFTER.transient, got.status);
  }

  // ---- sends --------------------------------------------------------------------------

  /** One-to-one robot message (人与机器人单聊): POST /v1.0/robot/oToMessages/batchSend; `msgUuid`: the row's idempotency key. */
  async sendToUser(userId: string, msg: OutgoingMessage, msgUuid?: string): Promise<void> {
    const data = await this.api('/v1.0/robot/oToMessages/batchSend', toBatchSend(this.robot.robotCode, [userId], msg, msgUuid));
    const invalid = Array.isArray(data.invalidStaffIdList) ? data.invalidStaffIdList : [];
    const limited = Array.isArray(data.flowControlledStaffIdList) ? data.flowControlledStaffIdList : [];
    if (limited.includes(userId)) throw new DeliveryError('钉钉对该用户限流 recipient flow-controlled', 'rate', RETRY_AFTER.sendTooFast, 'flowControlled');
    if (invalid.includes(userId)) throw new DeliveryError('钉钉用户不存在或不可达 invalid staffId', 'fatal', undefined, 'invalidStaffId');
  }

  /** Group message from the app robot: POST /v1.0/robot/groupMessages/send (recipient = openConversationId). */
  async sendToGroup(openConversationId: string, msg: OutgoingMessage, msgUuid?: string): Promise<void> {
    await this.api('/v1.0/robot/groupMessages/send', toGroupSend(this.robot.robotCode, openConversationId, msg, msgUuid));
  }

  /** Custom group robot (自定义机器人) webhook, signed per request when a 加签 secret is configured. */
  async sendCustomRobot(msg: OutgoingMessage, msgUuid?: string): Promise<void> {
    const hook = this.deps.config.groupWebhook;
    if (!hook) throw new DeliveryError('钉钉自定义群机器人未配置 DINGTALK_GROUP_WEBHOOK is not set', 'fatal');
    const url = hook.secret ? signWebhookUrl(hook.url, hook.secret, this.deps.clock.now()) : hook.url;
    const err = this.oapiError(await this.post(url, toCustomRobot(msg, msgUuid)));
    if (err) throw err;
  }

  /**
   * Reply through the temporary sessionWebhook. The URL comes from the request body, which the robot signature
   * does not cover, so only the configured oapi host is accepted (no requests to arbitrary hosts).
   */
  async sendBySession(sessionWebhook: string, msg: OutgoingMessage): Promise<void> {
    if (!this.isSessionUrlAllowed(sessionWebhook)) {
      throw new DeliveryError('sessionWebhook 地址不是钉钉的地址 sessionWebhook host not allowed', 'fatal', undefined, 'sessionHost');
    }
    const err = this.oapiError(await this.post(sessionWebhook, toWebhook(msg)));
    if (err) throw err;
  }

  isSessionUrlAllowed(sessionWebhook: string): boolean {
    try {
      const u = new URL(sessionWebhook);
      const base = new URL(this.deps.config.oapiBase);
      return u.origin === base.origin;
    } catch {
      return false;
    }
  }

  /** True when the sessionWebhook can still be used (with a safety margin), on the injected clock. */
  sessionUsable(hint: DingtalkReplyHint): boolean {
    return !!hint.sessionWebhook && !!hint.sessionWebhookExpiredTime && hint.sessionWebhookExpiredTime - SESSION_SAFETY_MS > this.deps.clock.now().getTime();
  }

  /**
   * Late reply to a received message: the sessionWebhook while it is valid, otherwise (or when it fails)
   * the robot API: groupMessages/send for groups, batchSend to the sender for one-to-one chats.
   */
  async reply(hint: DingtalkReplyHint, msg: OutgoingMessage): Promise<'session' | 'group' | 'user'> {
    if (this.sessionUsable(hint)) {
      try {
        await this.sendBySession(hint.sessionWebhook!, msg);
        return 'session';
      } catch (err) {
        if (!this.deps.config.robot) throw err;
        this.deps.logger.warn({ err, conversationType: hint.conversationType }, 'sessionWebhook 回复失败，改用机器人接口 sessionWebhook failed, using the robot API');
      }
    }
    if (hint.conversationType === '2') {
      await this.sendToGroup(hint.conversationId, msg);
      return 'group';
    }
    if (!hint.senderStaffId) throw new DeliveryError('无法单聊回复：缺少 senderStaffId（机器人未发布？） no senderStaffId', 'fatal', undefined, 'noStaffId');
    await this.sendToUser(hint.senderStaffId, msg);
    return 'user';
  }
}
