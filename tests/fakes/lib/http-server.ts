// The part of a fake platform API that the fake WeCom and DingTalk servers share: a real HTTP server on
// 127.0.0.1 (a free port) that reads and records every request to a known endpoint, answers canned failures
// queued per endpoint ("the next N calls answer …"), lets extra routes in, and closes with its open sockets.
// What each endpoint checks and answers is the platform fake's own `handle`.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRecordList } from './waiting.js';

export interface RecordedRequest<E extends string> {
  endpoint: E | 'other';
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any;
  /** HTTP status we answered with; 0 when we never answered (a hang). */
  status: number;
  /** Whether it counted as a delivered message. */
  delivered: boolean;
}

/** Canned failures every fake serves the same way; each fake adds its platform's own (error codes, HTTP errors). */
export type CommonFailure =
  | { hang: true } // never answers (client timeout); the socket is destroyed on close()
  | { delayMs: number } // answers normally, late
  | { gate: Promise<unknown> } // answers normally once the test settles `gate` (holds a call open without timing)
  | { lateAnswerMs: number }; // accepts (handles and records) at once, answers only after lateAnswerMs: longer than the client's timeout, the sender sees a timeout although the platform took the message

/** One request to a known endpoint, as the platform fake's handler sees it. */
export interface Exchange<R> {
  req: IncomingMessage;
  url: URL;
  body: any;
  rec: R;
  /** Records the request and answers with JSON. */
  answer(status: number, payload: unknown, headers?: Record<string, string>): void;
  /** Records the request and answers with a file, bytes as they are (a download: media/get, a download URL). */
  file(status: number, bytes: Buffer, headers: Record<string, string>, opts?: FileAnswer): void;
}

export interface FileAnswer {
  /** No Content-Length: the size shows only as the bytes arrive. */
  chunked?: boolean;
  /** Sends only the first `after` bytes, then holds the connection until `until` settles and drops it (a download that dies halfway). */
  cut?: { after: number; until: Promise<unknown> };
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export interface FakeHttpServerOptions<E extends string, F extends object, R extends RecordedRequest<E>> {
  /** Names the fake in errors. */
  label: string;
  /** Request path → endpoint; any other path is 'other' and answered by `notFound`. */
  endpoints: Record<string, E>;
  /** Adds the fake's own fields to a request's record. */
  extendRecord?: (rec: RecordedRequest<E>) => R;
  /** Marks a request we never answer. */
  onHang?: (rec: R) => void;
  /** Answers a request to a known endpoint, with the platform's error when a canned `failure` is due. */
  handle(x: Exchange<R>, failure: Exclude<F, CommonFailure> | undefined): void;
  notFound(x: Exchange<R>): void;
  /** Default for waitFor; it waits as long as the test runs when unset. */
  waitTimeoutMs?: number;
}

export interface FakeHttpServer<E extends string, F extends object, R extends RecordedRequest<E>> {
  url: string;
  server: Server;
  /** Every request to a known endpoint and every 'other' one, in arrival order (extra routes are not recorded). */
  requests: R[];
  /** Requests that got through, per endpoint. */
  delivered(endpoint: E): R[];
  /** Queues failures for the next requests to an endpoint, one request each. */
  fail(endpoint: E, ...failures: F[]): void;
  /** Resolves with the first recorded request (past or future) matching the predicate. */
  waitFor(pred: (r: R) => boolean, timeoutMs?: number): Promise<R>;
  /** An extra route, answered by the handler alone. */
  route(method: string, path: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

function parseBody(raw: Buffer): any {
  if (!raw.length) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

export async function startFakeHttpServer<E extends string, F extends object, R extends RecordedRequest<E> = RecordedRequest<E>>(opts: FakeHttpServerOptions<E, F, R>): Promise<FakeHttpServer<E, F, R>> {
  const requests = createRecordList<R>(opts.label);
  const failures = new Map<E, F[]>();
  const routes = new Map<string, RouteHandler>();
  const sockets = new Set<Socket>();
  const lateAnswers = new Set<NodeJS.Timeout>();
  const extend = opts.extendRecord ?? ((rec: RecordedRequest<E>) => rec as R);

  const serve = async (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const route = routes.get(`${req.method} ${url.pathname}`);
    if (route) return route(req, res, raw);
    const body = parseBody(raw);
    const endpoint: E | 'other' = Object.hasOwn(opts.endpoints, url.pathname) ? opts.endpoints[url.pathname]! : 'other';
    const rec = extend({ endpoint, method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body, status: 200, delivered: false });
    const failure = endpoint === 'other' ? undefined : (failures.get(endpoint)?.shift() as CommonFailure | Exclude<F, CommonFailure> | undefined);
    const lateMs = failure && 'lateAnswerMs' in failure ? failure.lateAnswerMs : undefined;
    const x: Exchange<R> = {
      req,
      url,
      body,
      rec,
      answer(status, payload, headers = {}) {
        rec.status = status;
        requests.add(rec);
        const write = () => {
          if (res.writableEnded || req.socket.destroyed) return; // the client gave up waiting
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(payload));
        };
        if (lateMs === undefined) return write();
        const timer = setTimeout(() => {
          lateAnswers.delete(timer);
          write();
        }, lateMs);
        timer.unref();
        lateAnswers.add(timer);
      },
      file(status, bytes, headers, o = {}) {
        rec.status = status;
        requests.add(rec);
        if (res.writableEnded || req.socket.destroyed) return;
        const streamed = o.chunked || o.cut;
        res.writeHead(status, { ...headers, ...(streamed ? {} : { 'content-length': String(bytes.length) }) });
        if (o.cut) {
          res.write(bytes.subarray(0, o.cut.after));
          void o.cut.until.finally(() => req.socket.destroy());
          return;
        }
        if (!o.chunked) return void res.end(bytes);
        for (let i = 0; i < bytes.length; i += 4096) res.write(bytes.subarray(i, i + 4096));
        res.end();
      },
    };
    if (endpoint === 'other') return opts.notFound(x);
    if (lateMs !== undefined) return opts.handle(x, undefined);

    if (failure && 'gate' in failure) {
      await failure.gate;
      return opts.handle(x, undefined);
    }
    if (failure && 'delayMs' in failure) {
      await new Promise((r) => setTimeout(r, failure.delayMs));
      return opts.handle(x, undefined);
    }
    if (failure && 'hang' in failure) {
      rec.status = 0;
      opts.onHang?.(rec);
      requests.add(rec);
      return;
    }
    return opts.handle(x, failure as Exclude<F, CommonFailure> | undefined);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void serve(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    requests: requests.items,
    delivered: (endpoint) => requests.items.filter((r) => r.endpoint === endpoint && r.delivered),
    fail(endpoint, ...f) {
      failures.set(endpoint, [...(failures.get(endpoint) ?? []), ...f]);
    },
    waitFor: (pred, timeoutMs = opts.waitTimeoutMs) => requests.waitFor(pred, timeoutMs),
    route(method, path, handler) {
      routes.set(`${method} ${path}`, handler);
    },
    close() {
      for (const t of lateAnswers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
