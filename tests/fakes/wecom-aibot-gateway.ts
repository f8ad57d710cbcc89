// A fake WeCom AI-bot (智能机器人) long-connection gateway on 127.0.0.1: a real WebSocket server speaking what
// `@wecom/aibot-node-sdk` 1.0.7 speaks (docs/wecom.md#ai-bot-long-connection):
//   ← {cmd:"aibot_subscribe", headers:{req_id}, body:{bot_id, secret}}  → {headers:{req_id}, errcode, errmsg}
//   ← {cmd:"ping", headers:{req_id}}                                     → {headers:{req_id}, errcode:0, errmsg:"ok"}
//   → {cmd:"aibot_msg_callback" | "aibot_event_callback", headers:{req_id}, body}      (pushes, from the test)
//   ← {cmd:"aibot_respond_msg" | "aibot_respond_welcome_msg" | "aibot_send_msg", headers:{req_id}, body}
//                                                                        → {headers:{req_id}, errcode, errmsg}
// Like the real service it keeps one connection per bot: a newer subscription gets the older connection a
// `disconnected_event` and closes it. Error codes for bad credentials / unknown req_id are this fake's own.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createGatewayConnections, sendFrame } from './lib/ws-gateway.js';

export interface AibotClientFrame {
  cmd?: string;
  headers: { req_id: string; [k: string]: unknown };
  body?: any;
  /** Which connection (1-based) it arrived on. */
  connection: number;
}

export interface FakeAibotGateway {
  /** ws://127.0.0.1:port — put it in WECOM_AIBOT_WS_URL. */
  url: string;
  /** Sockets opened so far. */
  readonly connections: number;
  /** Successful subscriptions so far. */
  readonly authenticated: number;
  /** Every subscribe frame's body, with the outcome. */
  subscribes: Array<{ bot_id?: string; secret?: string; ok: boolean; connection: number }>;
  /** Every frame the clients sent. */
  frames: AibotClientFrame[];
  /** Connections currently open. */
  readonly open: number;
  /** Reply frames (aibot_respond_msg). */
  replies(): AibotClientFrame[];
  waitForAuth(n: number): Promise<void>;
  waitForSubscribe(n: number): Promise<void>;
  waitForFrame(pred: (f: AibotClientFrame) => boolean): Promise<AibotClientFrame>;
  /** Pushes a message callback on the newest subscribed connection; returns its req_id. */
  push(body: unknown, reqId?: string): string;
  /** Pushes an event callback (enter_chat …) on the newest subscribed connection; returns its req_id. */
  pushEvent(body: unknown): string;
  /** Stop (false) or resume answering heartbeats. */
  answerPings(on: boolean): void;
  /** Kills the newest connection without a close handshake. */
  drop(): void;
  /** Resolves when the newest connection is closed. */
  waitForClose(): Promise<void>;
  close(): Promise<void>;
}

const FAKE_AUTH_ERRCODE = 40001; // this fake's code for a wrong bot id / secret
const FAKE_UNKNOWN_REQ = 40002; // this fake's code for a reply to a req_id it never pushed

export async function startFakeAibotGateway(opts: { botId: string; secret: string }): Promise<FakeAibotGateway> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as AddressInfo).port;
  const conns = createGatewayConnections<AibotClientFrame>('fake aibot gateway');
  const { sockets, conditions } = conns;
  const subscribed: WebSocket[] = [];
  const subscribes: FakeAibotGateway['subscribes'] = [];
  const pushed = new Set<string>();
  let pings = true;
  let authCount = 0;

  const reqId = (prefix: string) => `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;

  wss.on('connection', (ws) => {
    const connection = conns.adopt(ws);
    let authed = false;
    ws.on('close', () => {
      const i = subscribed.indexOf(ws);
      if (i >= 0) subscribed.splice(i, 1);
    });
    ws.on('message', (data) => {
      let frame: Omit<AibotClientFrame, 'connection'>;
      try {
        frame = JSON.parse(String(data));
      } catch {
        ws.close(1003, 'not json');
        return;
      }
      const f: AibotClientFrame = { ...frame, connection };
      const ack = (errcode = 0, errmsg = 'ok') => sendFrame(ws, { headers: { req_id: f.headers?.req_id }, errcode, errmsg });
      if (f.cmd === 'aibot_subscribe') {
        const ok = f.body?.bot_id === opts.botId && f.body?.secret === opts.secret;
        subscribes.push({ bot_id: f.body?.bot_id, secret: f.body?.secret, ok, connection });
        if (!ok) {
          ack(FAKE_AUTH_ERRCODE, 'invalid bot_id or secret');
        } else {
          // One connection per bot: the older one is told and closed.
          for (const old of subscribed.splice(0)) {
            sendFrame(old, { cmd: 'aibot_event_callback', headers: { req_id: reqId('aibot_event_callback') }, body: { msgid: reqId('ev'), aibotid: opts.botId, create_time: Math.floor(Date.now() / 1000), msgtype: 'event', event: { eventtype: 'disconnected_event' } } });
            old.close(1000, 'new connection');
          }
          authed = true;
          subscribed.push(ws);
          authCount++;
          ack();
        }
      } else if (!authed) {
        ack(FAKE_AUTH_ERRCODE, 'not subscribed');
      } else if (f.cmd === 'ping') {
        if (pings) ack();
      } else if (f.cmd === 'aibot_respond_msg' || f.cmd === 'aibot_respond_welcome_msg') {
        if (!pushed.has(f.headers?.req_id)) ack(FAKE_UNKNOWN_REQ, 'unknown req_id');
        else ack();
      } else if (f.cmd === 'aibot_send_msg') {
        ack();
      } else {
        ack(FAKE_UNKNOWN_REQ, `unknown cmd ${String(f.cmd)}`);
      }
      conns.received(f);
    });
  });

  const newestSubscribed = () => {
    const ws = subscribed[subscribed.length - 1];
    if (!ws) throw new Error('no subscribed connection');
    return ws;
  };
  const pushCmd = (cmd: string, body: unknown, id = reqId(cmd)) => {
    pushed.add(id);
    sendFrame(newestSubscribed(), { cmd, headers: { req_id: id }, body });
    return id;
  };

  return {
    url: `ws://127.0.0.1:${port}`,
    get connections() {
      return sockets.length;
    },
    get authenticated() {
      return authCount;
    },
    get open() {
      return sockets.filter((s) => s.readyState === s.OPEN).length;
    },
    subscribes,
    frames: conns.frames.items,
    replies: () => conns.frames.items.filter((f) => f.cmd === 'aibot_respond_msg'),
    waitForAuth: (n) => conditions.until(() => authCount >= n),
    waitForSubscribe: (n) => conditions.until(() => subscribes.length >= n),
    waitForFrame: (pred) => conns.frames.waitFor(pred),
    push: (body, id) => pushCmd('aibot_msg_callback', body, id),
    pushEvent: (body) => pushCmd('aibot_event_callback', body),
    answerPings(on) {
      pings = on;
    },
    drop: conns.drop,
    waitForClose: conns.waitForClose,
    async close() {
      for (const s of sockets) s.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
