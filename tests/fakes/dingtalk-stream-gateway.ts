// A fake DingTalk Stream gateway on the fake API server: the registration POST
// (/v1.0/gateway/connections/open → ws endpoint + single-use ticket) and a real WebSocket server that pushes
// CALLBACK / SYSTEM frames and collects what the client sends back (ACKs, ping echoes).   docs/dingtalk.md#stream-frames, #stream-acks
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { FakeDingtalk } from './dingtalk-server.js';
import { createGatewayConnections, sendFrame } from './lib/ws-gateway.js';

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

const systemFrame = (topic: string, messageId: string, data: string) => ({ specVersion: '1.0', type: 'SYSTEM', headers: { topic, messageId, contentType: 'application/json', time: '0' }, data });

export function attachStreamGateway(fake: FakeDingtalk, opts: { clientId: string; clientSecret: string }): FakeStreamGateway {
  const wss = new WebSocketServer({ noServer: true });
  const conns = createGatewayConnections<ClientFrame>('fake stream gateway');
  const tickets = new Set<string>();
  const registrations: any[] = [];

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
      const connection = conns.adopt(ws);
      ws.on('message', (data) => conns.received({ ...(JSON.parse(String(data)) as Omit<ClientFrame, 'connection'>), connection }));
      sendFrame(ws, systemFrame('REGISTERED', randomUUID(), '{}'));
    });
  });

  const waitForFrame = (pred: (f: ClientFrame) => boolean) => conns.frames.waitFor(pred);
  const system = (topic: string, data: unknown) => {
    const messageId = randomUUID();
    sendFrame(conns.newest(), systemFrame(topic, messageId, JSON.stringify(data)));
    return messageId;
  };

  return {
    registrations,
    get connections() {
      return conns.sockets.length;
    },
    frames: conns.frames.items,
    waitForConnection: (n) => conns.conditions.until(() => conns.sockets.length >= n),
    pushRobot(robotMessage, messageId = randomUUID()) {
      sendFrame(conns.newest(), {
        specVersion: '1.0',
        type: 'CALLBACK',
        headers: { topic: TOPIC_ROBOT, messageId, contentType: 'application/json', time: '0', appId: 'fake-app', connectionId: `conn-${conns.sockets.length}` },
        data: JSON.stringify(robotMessage),
      });
      return messageId;
    },
    waitForFrame,
    waitForAck: (messageId) => waitForFrame((f) => f.headers?.messageId === messageId),
    ping() {
      const id = system('ping', { opaque: randomUUID() });
      return waitForFrame((f) => f.headers?.messageId === id);
    },
    sendDisconnect() {
      system('disconnect', { reason: 'server maintenance' });
    },
    drop: conns.drop,
    waitForClose: conns.waitForClose,
  };
}
