// A fake DingTalk API on 127.0.0.1 (real HTTP): access token, robot batchSend / groupMessages, custom group robot
// webhook (with its 加签 check), sessionWebhook, and the robot file download: messageFiles/download turns a
// downloadCode of `files` into a temporary URL on this server that serves the bytes (an unknown or expired code
// answers 400 invalidParameter.downloadCode; docs/dingtalk.md#robot-file-download). Answers the documented errors on demand (and late answers) and
// records what was sent. A send whose msgUuid it has seen on that endpoint answers like a success and is not
// delivered again (docs/dingtalk.md#idempotency-msguuid).
import { createHmac, randomUUID } from 'node:crypto';
import { startFakeHttpServer, type CommonFailure, type Exchange, type FakeHttpServer, type RecordedRequest } from './lib/http-server.js';

export type Endpoint = 'token' | 'oto' | 'group' | 'custom' | 'session' | 'download' | 'file' | 'userinfo';

/** A file of a robot message, by its downloadCode. */
export interface FakeFile {
  bytes: Buffer;
  contentType: string;
  /** Sent without Content-Length. */
  chunked?: boolean;
}

/** One canned failure, consumed by the next request to its endpoint. */
export type Failure =
  | { errcode: number; errmsg?: string } // oapi style: HTTP 200 + errcode (custom robot, sessionWebhook)
  | { status: number; code?: string; message?: string; headers?: Record<string, string> } // HTTP status + {code,message}
  | { flowControlled: true } // batchSend 200 with the user in flowControlledStaffIdList
  | { cut: Promise<unknown>; after?: number } // the download URL: the first `after` bytes, then the connection drops when `cut` settles
  | CommonFailure; // hang / delayMs / gate

export interface Recorded extends RecordedRequest<Endpoint> {
  /** Answered like a success but not delivered: a msgUuid seen before. */
  duplicate: boolean;
}

export interface FakeDingtalkOptions {
  appKey?: string;
  appSecret?: string;
  robotCode?: string;
  /** access_token of the custom group robot webhook. */
  webhookToken?: string;
  /** 加签 secret of the custom group robot (checked when set). */
  webhookSecret?: string;
  /** "DingTalk's clock" for the custom robot timestamp check (the test's injected clock). */
  now?: () => Date;
}

export interface FakeDingtalk extends FakeHttpServer<Endpoint, Failure, Recorded> {
  tokensIssued: number;
  /** Makes every issued token invalid (as if DingTalk expired it early). */
  revokeTokens(): void;
  /** Sessions that answer 300001 (session 不存在). */
  expireSession(session: string): void;
  sessionUrl(session?: string): string;
  webhookUrl(): string;
  /** Files of robot messages, by downloadCode. */
  files: Map<string, FakeFile>;
  /** #14 免登 codes (as dd.runtime.permission.requestAuthCode hands them out) → the member's userid; used once. */
  authCodes: Map<string, string>;
}

export function signOf(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

const ENDPOINTS: Record<string, Endpoint> = {
  '/v1.0/oauth2/accessToken': 'token',
  '/v1.0/robot/oToMessages/batchSend': 'oto',
  '/v1.0/robot/groupMessages/send': 'group',
  '/robot/send': 'custom',
  '/robot/sendBySession': 'session',
  '/v1.0/robot/messageFiles/download': 'download',
  '/fake-oss/file': 'file',
  '/topapi/v2/user/getuserinfo': 'userinfo',
};

type DingtalkExchange = Exchange<Recorded>;
/** msgUuids seen per endpoint (one fake = one robot app and one custom robot). */
type SeenUuids = Set<string>;

/** Delivers, unless the body's msgUuid was delivered on this endpoint before: then it answers the same and delivers nothing. */
const delivered = (x: DingtalkExchange, payload: unknown, seen?: SeenUuids) => {
  const uuid = typeof x.body?.msgUuid === 'string' ? `${x.rec.endpoint}:${x.body.msgUuid}` : undefined;
  if (uuid && seen?.has(uuid)) x.rec.duplicate = true;
  else {
    if (uuid) seen?.add(uuid);
    x.rec.delivered = true;
  }
  x.answer(200, payload);
};

export async function startFakeDingtalk(opts: FakeDingtalkOptions = {}): Promise<FakeDingtalk> {
  const appKey = opts.appKey ?? 'dingappkey';
  const appSecret = opts.appSecret ?? 'app-secret';
  const robotCode = opts.robotCode ?? appKey;
  const webhookToken = opts.webhookToken ?? 'hooktoken';
  const now = opts.now ?? (() => new Date());
  const validTokens = new Set<string>();
  const expiredSessions = new Set<string>();
  const seen: SeenUuids = new Set();
  let tokensIssued = 0;

  const token = (x: DingtalkExchange) => {
    if (x.body?.appKey !== appKey || x.body?.appSecret !== appSecret) return x.answer(400, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' });
    const accessToken = `tok-${++tokensIssued}-${randomUUID().slice(0, 8)}`;
    validTokens.add(accessToken);
    x.answer(200, { accessToken, expireIn: 7200 });
  };

  /** The robot API (batchSend, groupMessages/send): access token header, robotCode, msgKey + msgParam JSON string. */
  const robotApi = (x: DingtalkExchange, flowControlled: boolean) => {
    const { body, req } = x;
    const accessToken = req.headers['x-acs-dingtalk-access-token'];
    if (typeof accessToken !== 'string' || !validTokens.has(accessToken)) return x.answer(400, { code: 'InvalidAuthentication', message: '不合法的access_token' });
    if (body?.robotCode !== robotCode) return x.answer(400, { code: 'invalidParameter.robotCode.notExsit', message: 'robotCode不存在' });
    if (typeof body?.msgKey !== 'string' || typeof body?.msgParam !== 'string') return x.answer(400, { code: 'invalidParameter.msgParam.invalid', message: 'msgParam must be a JSON string' });
    try {
      JSON.parse(body.msgParam);
    } catch {
      return x.answer(400, { code: 'invalidParameter.msgParam.invalid', message: 'msgParam is not JSON' });
    }
    if (x.rec.endpoint === 'oto') {
      if (!Array.isArray(body.userIds) || body.userIds.length === 0 || body.userIds.length > 20) return x.answer(400, { code: 'invalidParameter.userIds.empty', message: 'userIds' });
      if (flowControlled) return x.answer(200, { processQueryKey: randomUUID(), invalidStaffIdList: [], flowControlledStaffIdList: body.userIds });
      return delivered(x, { processQueryKey: randomUUID(), invalidStaffIdList: [], flowControlledStaffIdList: [] }, seen);
    }
    if (typeof body.openConversationId !== 'string' || !body.openConversationId) return x.answer(400, { code: 'miss.openConversationId', message: 'openConversationId' });
    delivered(x, { processQueryKey: randomUUID() }, seen);
  };

  /** The oapi webhooks (custom robot, sessionWebhook): JSON body with a msgtype, errcode answers. */
  const webhook = (x: DingtalkExchange) => {
    const { body, url } = x;
    const ct = String(x.req.headers['content-type'] ?? '');
    if (!ct.startsWith('application/json')) return x.answer(200, { errcode: 43004, errmsg: '无效的HTTP HEADER Content-Type' });
    if (typeof body !== 'object' || body === null || typeof body.msgtype !== 'string') return x.answer(200, { errcode: 40035, errmsg: '缺少参数 json' });
    if (x.rec.endpoint === 'custom') {
      if (url.searchParams.get('access_token') !== webhookToken) return x.answer(200, { errcode: 400101, errmsg: 'access_token不存在' });
      if (opts.webhookSecret) {
        const ts = url.searchParams.get('timestamp');
        const sign = url.searchParams.get('sign'); // decoded once by URLSearchParams, as DingTalk does
        if (!ts || !sign) return x.answer(200, { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' });
        if (Math.abs(now().getTime() - Number(ts)) > 3_600_000) return x.answer(200, { errcode: 310000, errmsg: 'invalid timestamp' });
        if (sign !== signOf(ts, opts.webhookSecret)) return x.answer(200, { errcode: 310000, errmsg: 'sign not match' });
      }
      return delivered(x, { errcode: 0, errmsg: 'ok' }, seen);
    }
    const session = url.searchParams.get('session') ?? '';
    if (!session || expiredSessions.has(session)) return x.answer(200, { errcode: 300001, errmsg: 'session 不存在' });
    delivered(x, { errcode: 0, errmsg: 'ok' });
  };

  const authCodes = new Map<string, string>();
  /** topapi/v2/user/getuserinfo: oapi style, access_token in the query, the code in the JSON body. */
  const userinfo = (x: DingtalkExchange) => {
    if (!validTokens.has(x.url.searchParams.get('access_token') ?? '')) return x.answer(200, { errcode: 40014, errmsg: '不合法的access_token' });
    const code = typeof x.body?.code === 'string' ? x.body.code : '';
    const userid = authCodes.get(code);
    authCodes.delete(code);
    if (!userid) return x.answer(200, { errcode: 40078, errmsg: '不存在的临时授权码' });
    x.rec.delivered = true;
    x.answer(200, { errcode: 0, errmsg: 'ok', result: { userid, name: '', sys: false, sys_level: 0, associated_unionid: '', unionid: 'u1', device_id: 'd1' } });
  };

  const files = new Map<string, FakeFile>();
  /** Temporary download URLs handed out: key → downloadCode. */
  const urls = new Map<string, string>();

  const download = (x: DingtalkExchange) => {
    const accessToken = x.req.headers['x-acs-dingtalk-access-token'];
    if (typeof accessToken !== 'string' || !validTokens.has(accessToken)) return x.answer(400, { code: 'InvalidAuthentication', message: '不合法的access_token' });
    if (x.body?.robotCode !== robotCode) return x.answer(400, { code: 'invalidParameter.robotCode.notExsit', message: 'robotCode不存在' });
    const code = typeof x.body?.downloadCode === 'string' ? x.body.downloadCode : '';
    if (!files.has(code)) return x.answer(400, { code: 'invalidParameter.downloadCode.invalid', message: 'downloadCode无效或已过期' });
    const key = randomUUID();
    urls.set(key, code);
    x.answer(200, { downloadUrl: `${http.url}/fake-oss/file?key=${key}&Expires=${Math.floor(now().getTime() / 1000) + 3600}` });
  };

  const file = (x: DingtalkExchange, cut?: { after: number; until: Promise<unknown> }) => {
    const f = files.get(urls.get(x.url.searchParams.get('key') ?? '') ?? '');
    if (!f) return x.answer(403, { code: 'AccessDenied', message: 'Request has expired.' });
    x.rec.delivered = true;
    x.file(200, f.bytes, { 'content-type': f.contentType }, { chunked: f.chunked, cut });
  };

  const http = await startFakeHttpServer<Endpoint, Failure, Recorded>({
    label: 'fake dingtalk',
    endpoints: ENDPOINTS,
    extendRecord: (rec) => ({ ...rec, duplicate: false }),
    notFound: (x) => x.answer(404, { code: 'NotFound' }),
    handle(x, failure) {
      if (failure && 'status' in failure) return x.answer(failure.status, { code: failure.code ?? 'system.error', message: failure.message ?? 'fake failure', requestid: randomUUID() }, failure.headers);
      if (failure && 'errcode' in failure) return x.answer(200, { errcode: failure.errcode, errmsg: failure.errmsg ?? 'fake failure' });
      const endpoint = x.rec.endpoint;
      if (endpoint === 'token') return token(x);
      if (endpoint === 'download') return download(x);
      if (endpoint === 'userinfo') return userinfo(x);
      if (endpoint === 'file') return file(x, failure && 'cut' in failure ? { after: failure.after ?? 16, until: failure.cut } : undefined);
      if (endpoint === 'oto' || endpoint === 'group') return robotApi(x, failure !== undefined && 'flowControlled' in failure);
      webhook(x);
    },
  });

  return {
    ...http,
    get tokensIssued() {
      return tokensIssued;
    },
    revokeTokens: () => validTokens.clear(),
    expireSession: (s) => expiredSessions.add(s),
    sessionUrl: (session = randomUUID()) => `${http.url}/robot/sendBySession?session=${session}`,
    webhookUrl: () => `${http.url}/robot/send?access_token=${webhookToken}`,
    files,
    authCodes,
  };
}
