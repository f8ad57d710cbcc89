// AI bot (智能机器人) replies that are not ready within the HTTP answer (docs/wecom.md#ai-bot-stream-replies): we answer the message with
// a stream (finish:false); WeCom then POSTs stream-refresh callbacks and each gets the state so far. When the
// answer is ready it goes out on the next refresh (finish:true). If no refresh picks it up in time (or the
// 6-minute stream window is over) it is sent once through the message's response_url instead.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { OutgoingMessage } from '../message.js';
import { aibotContent } from './encode.js';

/** WeCom stops refreshing a stream 6 minutes after the user's message. */
export const STREAM_WINDOW_MS = 6 * 60_000;
/** An answer not collected by a refresh within this time goes through response_url. */
export const STREAM_FALLBACK_MS = 20_000;
export const STREAM_PENDING_TEXT = '正在处理，请稍候…';

interface StreamState {
  createdAt: number;
  /** undefined: still processing; null: finished without a reply. */
  answer?: OutgoingMessage | null;
  /** Delivered through the stream or the response_url. */
  done: boolean;
  timer?: NodeJS.Timeout;
  fallback: (m: OutgoingMessage) => void;
}

export interface AibotStreams {
  /** Registers a pending answer; returns the stream id to answer the message with. */
  open(answer: Promise<OutgoingMessage | undefined>, fallback: (m: OutgoingMessage) => void): string;
  /** The state for a stream-refresh callback. */
  refresh(id: string): { finish: boolean; content: string };
  close(): void;
  size(): number;
}

export function createAibotStreams(deps: { clock: Clock; fallbackMs?: number }): AibotStreams {
  const streams = new Map<string, StreamState>();
  const fallbackMs = deps.fallbackMs ?? STREAM_FALLBACK_MS;
  const now = () => deps.clock.now().getTime();
  let closed = false;

  const sweep = () => {
    for (const [id, s] of streams) if (s.done && now() - s.createdAt > STREAM_WINDOW_MS) streams.delete(id);
  };

  return {
    open(answer, fallback) {
      sweep();
      const id = randomBytes(12).toString('hex');
      const state: StreamState = { createdAt: now(), done: false, fallback };
      streams.set(id, state);
      answer.then(
        (m) => {
          state.answer = m ?? null;
          if (!m || state.done) return;
          const send = () => {
            if (state.done) return;
            state.done = true;
            fallback(m);
          };
          if (closed || now() - state.createdAt >= STREAM_WINDOW_MS) return send();
          state.timer = setTimeout(send, fallbackMs);
          state.timer.unref();
        },
        () => {
          state.answer = null;
        },
      );
      return id;
    },
    refresh(id) {
      const s = streams.get(id);
      if (!s) return { finish: true, content: '' };
      if (s.answer === undefined) {
        if (now() - s.createdAt >= STREAM_WINDOW_MS) return { finish: true, content: STREAM_PENDING_TEXT };
        return { finish: false, content: STREAM_PENDING_TEXT };
      }
      clearTimeout(s.timer);
      const already = s.done;
      s.done = true;
      if (s.answer === null) return { finish: true, content: '' };
      return { finish: true, content: already ? '（回复已另行发送）' : aibotContent(s.answer) };
    },
    close() {
      closed = true;
      for (const s of streams.values()) {
        clearTimeout(s.timer);
        // shutting down: answers that are ready but not collected go out through response_url now
        if (s.answer && !s.done) {
          s.done = true;
          s.fallback(s.answer);
        }
      }
      streams.clear();
    },
    size: () => streams.size,
  };
}
