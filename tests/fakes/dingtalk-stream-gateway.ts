// A fake DingTalk Stream gateway on the fake API server: the registration POST
// (/v1.0/gateway/connections/open → ws endpoint + single-use ticket) and a real WebSocket server that pushes
// CALLBACK / SYSTEM frames and collects what the client sends back (ACKs, ping echoes).   DINGTALK.md §4.1, §4.3
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeDingtalk } from './dingtalk-server.js';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

export interface ClientFrame {
  code: number;
  headers: Record<string, string>;
  message: string;
  data: string;
  /** Which connection (1-based) it arrived on. */
  connection: number;
}

export interface FakeStreamGateway {
  registrations: any[];
  /** Connections opened so far. */
  readonly connections: number;
  frames: ClientFrame[];
  waitForConnection(n: number): Promise<void>;
  /** Pushes a robot message as a CALLBACK frame on the newest connection; returns the frame's messageId. */
  pushRobot(robotMessage: unknown, messageId?: string): string;
  waitForFrame(pred: (f: ClientFrame) => boolean): Promise<ClientFrame>;
  waitForAck(messageId: string): Promise<ClientFrame>;
  /** SYSTEM ping; resolves with the echo. */
  ping(): Promise<ClientFrame>;
  /** SYSTEM disconnect (the server's "please reconnect"). */
  sendDisconnect(): void;
  /** Kills the newest connection without a close handshake. */
  drop(): void;
  /** Resolves when the newest connection is closed by the client. */
  waitForClose(): Promise<void>;
}

export function attachStreamGateway(fake: FakeDingtalk, opts: { clientId: string; clientSecret: string }): FakeStreamGateway {
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const registrations: any[] = [];
  const frames: ClientFrame[] = [];
  const sockets: WebSocket[] = [];
  const frameWaiters: Array<{ pred: (f: ClientFrame) => boolean; resolve: (f: ClientFrame) => void }> = [];
  const connWaiters: Array<{ n: number; resolve: () => void }> = [];

  fake.route('POST', '/v1.0/gateway/connections/open', (req, res, raw) => {
    let body: any;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    registrations.push({ body, accept: req.headers.accept });
    res.setHeader('content-type', 'application/json');
    if (body?.clientId !== opts.clientId || body?.clientSecret !== opts.clientSecret) {
      res.statusCode = 401;
      return res.end(JSON.stringify({ code: 'authFailed', message: '鉴权失败', requestid: randomUUID() }));
    }
    const ticket = randomUUID();
    tickets.add(ticket);
    res.end(JSON.stringify({ endpoint: `${fake.url.replace('http://', 'ws://')}/connect`, ticket }));
  });

  fake.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const ticket = u.searchParams.get('ticket') ?? '';
    if (u.pathname !== '/connect' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.push(ws);
      const connection = sockets.length;
      ws.on('message', (data) => {
        const f = { ...(JSON.parse(String(data)) as Omit<ClientFrame, 'connection'>), connection };
        frames.push(f);
        for (const w of [...frameWaiters]) {
          if (w.pred(f)) {
            frameWaiters.splice(frameWaiters.indexOf(w), 1);
            w.resolve(f);
          }
        }
      });
      ws.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'REGISTERED', messageId: randomUUID(), contentType: 'application/json', time: '0' }, data: '{}' }));
      for (const w of [...connWaiters]) {
        if (sockets.length >= w.n) {
          connWaiters.splice(connWaiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });

  const newest = () => {
    const ws = sockets[sockets.length - 1];
    if (!ws) throw new Error('no stream connection');
    return ws;
  };
  const waitForFrame = (pred: (f: ClientFrame) => boolean) => {
    const hit = frames.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise<ClientFrame>((resolve) => frameWaiters.push({ pred, resolve }));
  };
  const system = (topic: string, data: unknown) => {
    const messageId = randomUUID();
    newest().send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic, messageId, contentType: 'application/json', time: '0' }, data: JSON.stringify(data) }));
    return messageId;
  };

  return {
    registrations,
    get connections() {
      return sockets.length;
    },
    frames,
    waitForConnection(n) {
      if (sockets.length >= n) return Promise.resolve();
      return new Promise((resolve) => connWaiters.push({ n, resolve }));
    },
    pushRobot(robotMessage, messageId = randomUUID()) {
      newest().send(
        JSON.stringify({
          specVersion: '1.0',
          type: 'CALLBACK',
          headers: { topic: TOPIC_ROBOT, messageId, contentType: 'application/json', time: '0', appId: 'fake-app', connectionId: `conn-${sockets.length}` },
          data: JSON.stringify(robotMessage),
        }),
      );
      return messageId;
    },
    waitForFrame,
    waitForAck: (messageId) => waitForFrame((f) => f.headers?.messageId === messageId),
    ping() {
      const opaque = randomUUID();
      const id = system('ping', { opaque });
      return waitForFrame((f) => f.headers?.messageId === id);
    },
    sendDisconnect() {
      system('disconnect', { reason: 'server maintenance' });
    },
    drop() {
      newest().terminate();
    },
    waitForClose() {
      const ws = newest();
      if (ws.readyState === ws.CLOSED) return Promise.resolve();
      return new Promise((resolve) => ws.once('close', () => resolve()));
    },
  };
}
