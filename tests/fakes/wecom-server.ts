// A fake WeCom API on 127.0.0.1 (real HTTP): gettoken, message/send, group robot webhook, kf/sync_msg (cursor
// paging, has_more), kf/send_msg, the AI-bot response_url and media/get (the files in `media`: real bytes and
// content types; an unknown or expired media_id answers 40007; a download can be cut off halfway). Checks corpid/corpsecret, access_token and the
// webhook key; answers the documented errors on demand (42001, 45009, 60020, 5xx, hangs, delays, late answers);
// records everything. Like WeCom it drops repeats: message/send with enable_duplicate_check (the same JSON within
// duplicate_check_interval, on the fake's clock) and kf/send_msg with a msgid it has seen; both answer ok without
// delivering again (docs/wecom.md#duplicate-check-on-message-send, #kf-send-message).
import { randomUUID } from 'node:crypto';
import { startFakeHttpServer, type CommonFailure, type Exchange, type FakeHttpServer, type FileAnswer, type RecordedRequest } from './lib/http-server.js';

export type Endpoint = 'gettoken' | 'send' | 'webhook' | 'kfSync' | 'kfSend' | 'aibotResponse' | 'media' | 'oauth' | 'userinfo';

/** A file media/get serves. */
export interface FakeMedia {
  bytes: Buffer;
  contentType: string;
  /** Content-Disposition file name WeCom suggests (never to be trusted). */
  filename?: string;
  /** Sent without Content-Length. */
  chunked?: boolean;
}

/** One canned failure, consumed by the next request to its endpoint. */
export type Failure =
  | { errcode: number; errmsg?: string } // HTTP 200 + errcode
  | { status: number } // HTTP status (5xx)
  | { cut: Promise<unknown>; after?: number } // media/get: the first `after` bytes, then the connection drops when `cut` settles
  | CommonFailure; // hang / delayMs / gate

export interface Recorded extends RecordedRequest<Endpoint> {
  /** errcode we answered with (or the HTTP status for non-200; -999 when we never answered). */
  errcode: number;
  /** Answered ok but not delivered: a repeat caught by the duplicate check or a known kf msgid. */
  duplicate: boolean;
}

export interface FakeKfMessage {
  msgid: string;
  open_kfid: string;
  external_userid: string;
  send_time: number;
  origin: number;
  msgtype: string;
  text?: { content: string };
  [k: string]: unknown;
}

export interface FakeWecomOptions {
  corpId?: string;
  secret?: string;
  webhookKey?: string;
  /** kf/sync_msg page size cap (small, so paging is exercised). */
  kfPageSize?: number;
  /** "WeCom's clock" for the duplicate check and the untrusted-IP window (the test's injected clock). */
  now?: () => Date;
}

export interface FakeWecom extends FakeHttpServer<Endpoint, Failure, Recorded> {
  tokensIssued: number;
  /** Every issued token now answers 42001 (expired early). */
  expireTokens(): void;
  /** Messages kf/sync_msg serves, in order; the cursor is the index of the next one. */
  kfMessages: FakeKfMessage[];
  /** Valid kf sync tokens (from the callback). */
  kfTokens: Set<string>;
  responseUrl(code?: string): string;
  /** Until `until` (on the fake's clock) every app API call answers 60020, as when the egress IP is not in 企业可信IP. */
  refuseIpUntil(until: Date): void;
  /** Files media/get serves, by media_id (app MediaId and 微信客服 media_id alike). */
  media: Map<string, FakeMedia>;
  /**
   * Web OAuth (#14): the member signed in to the WeCom app whose browser opens /connect/oauth2/authorize (null: a
   * WeChat user outside the company, who gets an openid only). The authorize page sends the browser back to
   * redirect_uri with a fresh code (5 minutes, once) and the state; auth/getuserinfo answers the code's userid.
   */
  oauthUser: string | null;
}

const ENDPOINTS: Record<string, Endpoint> = {
  '/cgi-bin/gettoken': 'gettoken',
  '/cgi-bin/message/send': 'send',
  '/cgi-bin/webhook/send': 'webhook',
  '/cgi-bin/kf/sync_msg': 'kfSync',
  '/cgi-bin/kf/send_msg': 'kfSend',
  '/cgi-bin/aibot/response': 'aibotResponse',
  '/cgi-bin/media/get': 'media',
  '/connect/oauth2/authorize': 'oauth',
  '/cgi-bin/auth/getuserinfo': 'userinfo',
};

type WecomExchange = Exchange<Recorded>;

export async function startFakeWecom(opts: FakeWecomOptions = {}): Promise<FakeWecom> {
  const corpId = opts.corpId ?? 'wwfakecorp';
  const secret = opts.secret ?? 'fake-secret';
  const webhookKey = opts.webhookKey ?? 'hook-key-0000';
  const pageSize = opts.kfPageSize ?? 2;
  const valid = new Set<string>();
  const expired = new Set<string>();
  const kfMessages: FakeKfMessage[] = [];
  const kfTokens = new Set<string>();
  const usedResponseCodes = new Set<string>();
  const now = opts.now ?? (() => new Date());
  /** message/send bodies with the duplicate check on → when first delivered (ms); kf msgids seen. */
  const checkedBodies = new Map<string, number>();
  const kfMsgIds = new Set<string>();
  const media = new Map<string, FakeMedia>();
  let ipRefusedUntil = 0;
  let tokensIssued = 0;

  /** Answers like WeCom: JSON with errcode, HTTP 200 unless a status is given. */
  const reply = (x: WecomExchange, payload: Record<string, unknown>, status = 200) => {
    x.rec.errcode = status === 200 ? Number(payload.errcode ?? 0) : status;
    x.answer(status, payload);
  };
  const ok = (x: WecomExchange, extra: Record<string, unknown> = {}) => {
    x.rec.delivered = true;
    reply(x, { errcode: 0, errmsg: 'ok', ...extra });
  };
  /** A repeat WeCom recognises: answered like a success, delivered to nobody. */
  const repeat = (x: WecomExchange, extra: Record<string, unknown> = {}) => {
    x.rec.duplicate = true;
    reply(x, { errcode: 0, errmsg: 'ok', ...extra });
  };

  const oauthCodes = new Map<string, { user: string | null; at: number }>();
  const fake = { oauthUser: null as string | null };

  const handlers: Record<Endpoint, (x: WecomExchange, cut?: FileAnswer['cut']) => void> = {
    oauth(x) {
      const q = x.url.searchParams;
      if (q.get('appid') !== corpId) return reply(x, { errcode: 40013, errmsg: 'invalid corpid' });
      if (q.get('scope') !== 'snsapi_base' || q.get('response_type') !== 'code' || !q.get('redirect_uri')) return reply(x, { errcode: 40029, errmsg: 'invalid oauth request' });
      const code = `code-${randomUUID()}`;
      oauthCodes.set(code, { user: fake.oauthUser, at: now().getTime() });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      x.rec.delivered = true;
      x.answer(302, {}, { location: back.toString() });
    },
    userinfo(x) {
      const code = x.url.searchParams.get('code') ?? '';
      const c = oauthCodes.get(code);
      oauthCodes.delete(code);
      if (!c || now().getTime() - c.at > 5 * 60_000) return reply(x, { errcode: 40029, errmsg: 'invalid code' });
      if (c.user === null) return ok(x, { openid: `o-${randomUUID().slice(0, 8)}` });
      ok(x, { userid: c.user, user_ticket: 'ticket' });
    },
    media(x, cut) {
      const id = x.url.searchParams.get('media_id') ?? '';
      const m = media.get(id);
      if (!m) return reply(x, { errcode: 40007, errmsg: 'invalid media_id' });
      x.rec.delivered = true;
      x.file(200, m.bytes, { 'content-type': m.contentType, 'content-disposition': `attachment; filename="${m.filename ?? `${id}.bin`}"` }, { chunked: m.chunked, cut });
    },
    gettoken(x) {
      if (x.url.searchParams.get('corpid') !== corpId) return reply(x, { errcode: 40013, errmsg: 'invalid corpid' });
      if (x.url.searchParams.get('corpsecret') !== secret) return reply(x, { errcode: 40001, errmsg: 'invalid credential' });
      const token = `tok-${++tokensIssued}-${randomUUID().slice(0, 8)}`;
      valid.add(token);
      reply(x, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
    },
    webhook(x) {
      if (x.url.searchParams.get('key') !== webhookKey) return reply(x, { errcode: 93000, errmsg: 'invalid webhook url' });
      if (typeof x.body?.msgtype !== 'string') return reply(x, { errcode: 40008, errmsg: 'invalid message type' });
      ok(x);
    },
    aibotResponse(x) {
      const code = x.url.searchParams.get('response_code') ?? '';
      if (!code || usedResponseCodes.has(code)) return reply(x, { errcode: 40014, errmsg: 'invalid response_code' });
      usedResponseCodes.add(code);
      ok(x);
    },
    send(x) {
      const body = x.body;
      if (typeof body?.agentid !== 'number') return reply(x, { errcode: 40056, errmsg: 'invalid agentid' });
      if (!body.touser) return reply(x, { errcode: 81013, errmsg: 'user & party & tag all invalid' });
      if (!['text', 'markdown', 'textcard'].includes(body.msgtype)) return reply(x, { errcode: 40008, errmsg: 'invalid message type' });
      if (body.enable_duplicate_check === 1) {
        const key = JSON.stringify(body);
        const first = checkedBodies.get(key);
        const interval = (Number(body.duplicate_check_interval) || 1800) * 1000;
        if (first !== undefined && now().getTime() - first < interval) return repeat(x, { invaliduser: '', msgid: randomUUID() });
        checkedBodies.set(key, now().getTime());
      }
      ok(x, { invaliduser: '', msgid: randomUUID() });
    },
    kfSync(x) {
      const body = x.body;
      if (!body?.token || !kfTokens.has(body.token)) return reply(x, { errcode: 95007, errmsg: 'invalid msg token' });
      const start = body.cursor ? Number(body.cursor) : 0;
      const limit = Math.min(pageSize, Number(body.limit) || 1000);
      const page = kfMessages.slice(start, start + limit);
      const next = start + page.length;
      reply(x, { errcode: 0, errmsg: 'ok', next_cursor: String(next), has_more: next < kfMessages.length ? 1 : 0, msg_list: page });
    },
    kfSend(x) {
      const body = x.body;
      if (!body?.touser || !body?.open_kfid || body?.msgtype !== 'text') return reply(x, { errcode: 40003, errmsg: 'invalid touser' });
      if (body.msgid !== undefined) {
        if (typeof body.msgid !== 'string' || !/^[0-9a-zA-Z_-]{1,32}$/.test(body.msgid)) return reply(x, { errcode: 40058, errmsg: 'invalid msgid' });
        const key = `${body.open_kfid}:${body.msgid}`;
        if (kfMsgIds.has(key)) return repeat(x, { msgid: body.msgid });
        kfMsgIds.add(key);
      }
      ok(x, { msgid: body.msgid ?? randomUUID() });
    },
  };
  /** Endpoints called without an access_token. */
  const open = new Set<Endpoint>(['gettoken', 'webhook', 'aibotResponse', 'oauth']);

  const http = await startFakeHttpServer<Endpoint, Failure, Recorded>({
    label: 'fake wecom',
    endpoints: ENDPOINTS,
    extendRecord: (rec) => ({ ...rec, errcode: 0, duplicate: false }),
    onHang: (rec) => void (rec.errcode = -999),
    waitTimeoutMs: 5000,
    notFound: (x) => reply(x, { errcode: 404, errmsg: 'not found' }, 404),
    handle(x, failure) {
      if (failure && 'status' in failure) return reply(x, { errcode: -1, errmsg: 'fake server error' }, failure.status);
      if (failure && 'errcode' in failure) return reply(x, { errcode: failure.errcode, errmsg: failure.errmsg ?? 'fake failure' });
      const cut = failure && 'cut' in failure ? { after: failure.after ?? 16, until: failure.cut } : undefined;
      const endpoint = x.rec.endpoint as Endpoint;
      if (!open.has(endpoint)) {
        const token = x.url.searchParams.get('access_token') ?? '';
        if (!token) return reply(x, { errcode: 41001, errmsg: 'access_token missing' });
        if (expired.has(token)) return reply(x, { errcode: 42001, errmsg: 'access_token expired' });
        if (!valid.has(token)) return reply(x, { errcode: 40014, errmsg: 'invalid access_token' });
        if (now().getTime() < ipRefusedUntil) return reply(x, { errcode: 60020, errmsg: 'not allow to access from your ip, hint: [fake], from ip: 203.0.113.7' });
      }
      handlers[endpoint](x, cut);
    },
  });

  return {
    ...http,
    get tokensIssued() {
      return tokensIssued;
    },
    expireTokens() {
      for (const t of valid) expired.add(t);
    },
    kfMessages,
    kfTokens,
    responseUrl: (code = randomUUID()) => `${http.url}/cgi-bin/aibot/response?response_code=${code}`,
    refuseIpUntil(until) {
      ipRefusedUntil = until.getTime();
    },
    media,
    get oauthUser() {
      return fake.oauthUser;
    },
    set oauthUser(u: string | null) {
      fake.oauthUser = u;
    },
  };
}
