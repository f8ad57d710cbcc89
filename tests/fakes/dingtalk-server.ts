// A fake DingTalk API on 127.0.0.1 (real HTTP): access token, robot batchSend / groupMessages, custom group robot
// webhook (with its 加签 check), sessionWebhook. Answers the documented errors on demand and records what was sent.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Endpoint = 'token' | 'oto' | 'group' | 'custom' | 'session';

/** One canned failure, consumed by the next request to its endpoint. */
export type Failure =
  | { errcode: number; errmsg?: string } // oapi style: HTTP 200 + errcode (custom robot, sessionWebhook)
  | { status: number; code?: string; message?: string; headers?: Record<string, string> } // HTTP status + {code,message}
  | { hang: true } // never answers
  | { flowControlled: true }; // batchSend 200 with the user in flowControlledStaffIdList

export interface Recorded {
  endpoint: Endpoint | 'other';
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
  /** Status we answered with. */
  status: number;
  /** Whether it counted as a delivered message. */
  delivered: boolean;
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

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export interface FakeDingtalk {
  url: string;
  server: Server;
  requests: Recorded[];
  /** Messages that got through, per endpoint. */
  delivered(endpoint: Endpoint): Recorded[];
  tokensIssued: number;
  /** Makes every issued token invalid (as if DingTalk expired it early). */
  revokeTokens(): void;
  /** Queues failures for the next requests to an endpoint. */
  fail(endpoint: Endpoint, ...failures: Failure[]): void;
  /** Sessions that answer 300001 (session 不存在). */
  expireSession(session: string): void;
  sessionUrl(session?: string): string;
  webhookUrl(): string;
  /** Resolves with the first recorded request (past or future) matching the predicate. */
  waitFor(pred: (r: Recorded) => boolean): Promise<Recorded>;
  /** Extra routes (the Stream gateway registration). */
  route(method: string, path: string, handler: Handler): void;
  close(): Promise<void>;
}

export function signOf(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export async function startFakeDingtalk(opts: FakeDingtalkOptions = {}): Promise<FakeDingtalk> {
  const appKey = opts.appKey ?? 'dingappkey';
  const appSecret = opts.appSecret ?? 'app-secret';
  const robotCode = opts.robotCode ?? appKey;
  const webhookToken = opts.webhookToken ?? 'hooktoken';
  const now = opts.now ?? (() => new Date());
  const requests: Recorded[] = [];
  const failures = new Map<Endpoint, Failure[]>();
  const validTokens = new Set<string>();
  const expiredSessions = new Set<string>();
  const waiters: Array<{ pred: (r: Recorded) => boolean; resolve: (r: Recorded) => void }> = [];
  const extra = new Map<string, Handler>();
  const sockets = new Set<Socket>();
  let tokensIssued = 0;

  const record = (r: Recorded) => {
    requests.push(r);
    for (const w of [...waiters]) {
      if (w.pred(r)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(r);
      }
    }
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const u = new URL(req.url ?? '/', 'http://x');
      const handler = extra.get(`${req.method} ${u.pathname}`);
      if (handler) return handler(req, res, raw);
      let body: any;
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        body = raw.toString('utf8');
      }
      const endpoint: Endpoint | 'other' =
        u.pathname === '/v1.0/oauth2/accessToken' ? 'token'
        : u.pathname === '/v1.0/robot/oToMessages/batchSend' ? 'oto'
        : u.pathname === '/v1.0/robot/groupMessages/send' ? 'group'
        : u.pathname === '/robot/send' ? 'custom'
        : u.pathname === '/robot/sendBySession' ? 'session'
        : 'other';
      const rec: Recorded = { endpoint, method: req.method ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body, status: 200, delivered: false };
      const answer = (status: number, payload: unknown, headers?: Record<string, string>) => {
        rec.status = status;
        record(rec);
        json(res, status, payload, headers);
      };
      if (endpoint === 'other') return answer(404, { code: 'NotFound' });

      const failure = failures.get(endpoint)?.shift();
      if (failure && 'hang' in failure) {
        rec.status = 0;
        record(rec);
        return; // never answered; the socket is destroyed on close()
      }
      if (failure && 'status' in failure) return answer(failure.status, { code: failure.code ?? 'system.error', message: failure.message ?? 'fake failure', requestid: randomUUID() }, failure.headers);
      if (failure && 'errcode' in failure) return answer(200, { errcode: failure.errcode, errmsg: failure.errmsg ?? 'fake failure' });

      if (endpoint === 'token') {
        if (body?.appKey !== appKey || body?.appSecret !== appSecret) return answer(400, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' });
        const token = `tok-${++tokensIssued}-${randomUUID().slice(0, 8)}`;
        validTokens.add(token);
        return answer(200, { accessToken: token, expireIn: 7200 });
      }

      if (endpoint === 'oto' || endpoint === 'group') {
        const token = req.headers['x-acs-dingtalk-access-token'];
        if (typeof token !== 'string' || !validTokens.has(token)) return answer(400, { code: 'InvalidAuthentication', message: '不合法的access_token' });
        if (body?.robotCode !== robotCode) return answer(400, { code: 'invalidParameter.robotCode.notExsit', message: 'robotCode不存在' });
        if (typeof body?.msgKey !== 'string' || typeof body?.msgParam !== 'string') return answer(400, { code: 'invalidParameter.msgParam.invalid', message: 'msgParam must be a JSON string' });
        try {
          JSON.parse(body.msgParam);
        } catch {
          return answer(400, { code: 'invalidParameter.msgParam.invalid', message: 'msgParam is not JSON' });
        }
        if (endpoint === 'oto') {
          if (!Array.isArray(body.userIds) || body.userIds.length === 0 || body.userIds.length > 20) return answer(400, { code: 'invalidParameter.userIds.empty', message: 'userIds' });
          if (failure && 'flowControlled' in failure) return answer(200, { processQueryKey: randomUUID(), invalidStaffIdList: [], flowControlledStaffIdList: body.userIds });
          rec.delivered = true;
          return answer(200, { processQueryKey: randomUUID(), invalidStaffIdList: [], flowControlledStaffIdList: [] });
        }
        if (typeof body.openConversationId !== 'string' || !body.openConversationId) return answer(400, { code: 'miss.openConversationId', message: 'openConversationId' });
        rec.delivered = true;
        return answer(200, { processQueryKey: randomUUID() });
      }

      const ct = String(req.headers['content-type'] ?? '');
      if (!ct.startsWith('application/json')) return answer(200, { errcode: 43004, errmsg: '无效的HTTP HEADER Content-Type' });
      if (typeof body !== 'object' || body === null || typeof body.msgtype !== 'string') return answer(200, { errcode: 40035, errmsg: '缺少参数 json' });

      if (endpoint === 'custom') {
        if (u.searchParams.get('access_token') !== webhookToken) return answer(200, { errcode: 400101, errmsg: 'access_token不存在' });
        if (opts.webhookSecret) {
          const ts = u.searchParams.get('timestamp');
          const sign = u.searchParams.get('sign'); // decoded once by URLSearchParams, as DingTalk does
          if (!ts || !sign) return answer(200, { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' });
          if (Math.abs(now().getTime() - Number(ts)) > 3_600_000) return answer(200, { errcode: 310000, errmsg: 'invalid timestamp' });
          if (sign !== signOf(ts, opts.webhookSecret)) return answer(200, { errcode: 310000, errmsg: 'sign not match' });
        }
        rec.delivered = true;
        return answer(200, { errcode: 0, errmsg: 'ok' });
      }

      // session
      const session = u.searchParams.get('session') ?? '';
      if (!session || expiredSessions.has(session)) return answer(200, { errcode: 300001, errmsg: 'session 不存在' });
      rec.delivered = true;
      return answer(200, { errcode: 0, errmsg: 'ok' });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    server,
    requests,
    delivered: (endpoint) => requests.filter((r) => r.endpoint === endpoint && r.delivered),
    get tokensIssued() {
      return tokensIssued;
    },
    revokeTokens: () => validTokens.clear(),
    fail(endpoint, ...f) {
      failures.set(endpoint, [...(failures.get(endpoint) ?? []), ...f]);
    },
    expireSession: (s) => expiredSessions.add(s),
    sessionUrl: (session = randomUUID()) => `${url}/robot/sendBySession?session=${session}`,
    webhookUrl: () => `${url}/robot/send?access_token=${webhookToken}`,
    waitFor(pred) {
      const hit = requests.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    route(method, path, handler) {
      extra.set(`${method} ${path}`, handler);
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
