// A fake WeCom API on 127.0.0.1 (real HTTP): gettoken, message/send, group robot webhook, kf/sync_msg (cursor
// paging, has_more), kf/send_msg and the AI-bot response_url. Checks corpid/corpsecret, access_token and the
// webhook key; answers the documented errors on demand (42001, 45009, 60020, 5xx, hangs, delays); records
// everything.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Endpoint = 'gettoken' | 'send' | 'webhook' | 'kfSync' | 'kfSend' | 'aibotResponse';

/** One canned failure, consumed by the next request to its endpoint. */
export type Failure =
  | { errcode: number; errmsg?: string } // HTTP 200 + errcode
  | { status: number } // HTTP status (5xx)
  | { hang: true } // never answers (client timeout)
  | { delayMs: number }; // answers normally, late

export interface Recorded {
  endpoint: Endpoint | 'other';
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  /** errcode we answered with (or the HTTP status for non-200). */
  errcode: number;
  delivered: boolean;
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
}

export interface FakeWecom {
  url: string;
  server: Server;
  requests: Recorded[];
  delivered(endpoint: Endpoint): Recorded[];
  tokensIssued: number;
  /** Every issued token now answers 42001 (expired early). */
  expireTokens(): void;
  fail(endpoint: Endpoint, ...failures: Failure[]): void;
  /** Messages kf/sync_msg serves, in order; the cursor is the index of the next one. */
  kfMessages: FakeKfMessage[];
  /** Valid kf sync tokens (from the callback). */
  kfTokens: Set<string>;
  responseUrl(code?: string): string;
  waitFor(pred: (r: Recorded) => boolean, timeoutMs?: number): Promise<Recorded>;
  close(): Promise<void>;
}

export async function startFakeWecom(opts: FakeWecomOptions = {}): Promise<FakeWecom> {
  const corpId = opts.corpId ?? 'wwfakecorp';
  const secret = opts.secret ?? 'fake-secret';
  const webhookKey = opts.webhookKey ?? 'hook-key-0000';
  const pageSize = opts.kfPageSize ?? 2;
  const requests: Recorded[] = [];
  const failures = new Map<Endpoint, Failure[]>();
  const valid = new Set<string>();
  const expired = new Set<string>();
  const kfMessages: FakeKfMessage[] = [];
  const kfTokens = new Set<string>();
  const usedResponseCodes = new Set<string>();
  const waiters: Array<{ pred: (r: Recorded) => boolean; resolve: (r: Recorded) => void }> = [];
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

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const u = new URL(req.url ?? '/', 'http://x');
      let body: any;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      const endpoint: Endpoint | 'other' =
        u.pathname === '/cgi-bin/gettoken' ? 'gettoken'
        : u.pathname === '/cgi-bin/message/send' ? 'send'
        : u.pathname === '/cgi-bin/webhook/send' ? 'webhook'
        : u.pathname === '/cgi-bin/kf/sync_msg' ? 'kfSync'
        : u.pathname === '/cgi-bin/kf/send_msg' ? 'kfSend'
        : u.pathname === '/cgi-bin/aibot/response' ? 'aibotResponse'
        : 'other';
      const rec: Recorded = { endpoint, method: req.method ?? '', path: u.pathname, query: u.searchParams, body, errcode: 0, delivered: false };
      const answer = (payload: Record<string, unknown>, status = 200) => {
        rec.errcode = status === 200 ? Number(payload.errcode ?? 0) : status;
        record(rec);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (endpoint === 'other') return answer({ errcode: 404, errmsg: 'not found' }, 404);

      let failure = failures.get(endpoint)?.shift();
      if (failure && 'delayMs' in failure) {
        await new Promise((r) => setTimeout(r, (failure as { delayMs: number }).delayMs));
        failure = undefined;
      }
      if (failure && 'hang' in failure) {
        rec.errcode = -999;
        record(rec);
        return;
      }
      if (failure && 'status' in failure) return answer({ errcode: -1, errmsg: 'fake server error' }, failure.status);
      if (failure && 'errcode' in failure) return answer({ errcode: failure.errcode, errmsg: failure.errmsg ?? 'fake failure' });

      if (endpoint === 'gettoken') {
        if (u.searchParams.get('corpid') !== corpId) return answer({ errcode: 40013, errmsg: 'invalid corpid' });
        if (u.searchParams.get('corpsecret') !== secret) return answer({ errcode: 40001, errmsg: 'invalid credential' });
        const token = `tok-${++tokensIssued}-${randomUUID().slice(0, 8)}`;
        valid.add(token);
        return answer({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
      }
      if (endpoint === 'webhook') {
        if (u.searchParams.get('key') !== webhookKey) return answer({ errcode: 93000, errmsg: 'invalid webhook url' });
        if (typeof body?.msgtype !== 'string') return answer({ errcode: 40008, errmsg: 'invalid message type' });
        rec.delivered = true;
        return answer({ errcode: 0, errmsg: 'ok' });
      }
      if (endpoint === 'aibotResponse') {
        const code = u.searchParams.get('response_code') ?? '';
        if (!code || usedResponseCodes.has(code)) return answer({ errcode: 40014, errmsg: 'invalid response_code' });
        usedResponseCodes.add(code);
        rec.delivered = true;
        return answer({ errcode: 0, errmsg: 'ok' });
      }

      const token = u.searchParams.get('access_token') ?? '';
      if (!token) return answer({ errcode: 41001, errmsg: 'access_token missing' });
      if (expired.has(token)) return answer({ errcode: 42001, errmsg: 'access_token expired' });
      if (!valid.has(token)) return answer({ errcode: 40014, errmsg: 'invalid access_token' });

      if (endpoint === 'send') {
        if (typeof body?.agentid !== 'number') return answer({ errcode: 40056, errmsg: 'invalid agentid' });
        if (!body.touser) return answer({ errcode: 81013, errmsg: 'user & party & tag all invalid' });
        if (!['text', 'markdown', 'textcard'].includes(body.msgtype)) return answer({ errcode: 40008, errmsg: 'invalid message type' });
        rec.delivered = true;
        return answer({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: randomUUID() });
      }
      if (endpoint === 'kfSync') {
        if (!body?.token || !kfTokens.has(body.token)) return answer({ errcode: 95007, errmsg: 'invalid msg token' });
        const start = body.cursor ? Number(body.cursor) : 0;
        const limit = Math.min(pageSize, Number(body.limit) || 1000);
        const page = kfMessages.slice(start, start + limit);
        const next = start + page.length;
        return answer({ errcode: 0, errmsg: 'ok', next_cursor: String(next), has_more: next < kfMessages.length ? 1 : 0, msg_list: page });
      }
      // kfSend
      if (!body?.touser || !body?.open_kfid || body?.msgtype !== 'text') return answer({ errcode: 40003, errmsg: 'invalid touser' });
      rec.delivered = true;
      return answer({ errcode: 0, errmsg: 'ok', msgid: body.msgid ?? randomUUID() });
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
    expireTokens() {
      for (const t of valid) expired.add(t);
    },
    fail(endpoint, ...f) {
      failures.set(endpoint, [...(failures.get(endpoint) ?? []), ...f]);
    },
    kfMessages,
    kfTokens,
    responseUrl: (code = randomUUID()) => `${url}/cgi-bin/aibot/response?response_code=${code}`,
    waitFor(pred, timeoutMs = 5000) {
      const hit = requests.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error('fake wecom: no matching request'));
          }
        }, timeoutMs).unref();
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
