// The part of a fake WebSocket gateway that the DingTalk Stream and WeCom AI-bot fakes share: the client
// connections in the order they opened (numbered from 1), the frames the clients sent, waits on both, and
// killing or watching the newest connection.
import type { WebSocket } from 'ws';
import { createConditions, createRecordList, type Conditions, type RecordList } from './waiting.js';

export interface GatewayConnections<F> {
  /** Sockets opened so far, oldest first. */
  readonly sockets: WebSocket[];
  /** Every frame the clients sent. */
  readonly frames: RecordList<F>;
  /** Re-checked after every new connection and every frame; the gateway calls `notify` on other changes. */
  readonly conditions: Conditions;
  /** Takes in a newly opened socket; returns its connection number (1-based). */
  adopt(ws: WebSocket): number;
  /** Records a frame a client sent. */
  received(frame: F): void;
  newest(): WebSocket;
  /** Kills the newest connection without a close handshake. */
  drop(): void;
  /** Resolves when the newest connection is closed. */
  waitForClose(): Promise<void>;
}

export function createGatewayConnections<F>(label: string): GatewayConnections<F> {
  const sockets: WebSocket[] = [];
  const frames = createRecordList<F>(label);
  const conditions = createConditions();
  const newest = () => {
    const ws = sockets[sockets.length - 1];
    if (!ws) throw new Error(`${label}: no connection`);
    return ws;
  };
  return {
    sockets,
    frames,
    conditions,
    adopt(ws) {
      sockets.push(ws);
      conditions.notify();
      return sockets.length;
    },
    received(frame) {
      frames.add(frame);
      conditions.notify();
    },
    newest,
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

/** Sends a JSON frame if the socket is still open. */
export function sendFrame(ws: WebSocket, frame: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}
