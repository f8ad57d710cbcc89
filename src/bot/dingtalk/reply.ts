// Replies that are sent after the platform was acked: the dispatcher's `later` (HTTP mode under load, and every
// Stream-mode message). Sent through the sessionWebhook while it is valid, else the robot API (client.reply).
// A rate-limited / transient failure is retried a few times in-process; fatal failures and give-ups are logged.
import type { Logger } from 'pino';
import { DeliveryError } from '../channel.js';
import type { OutgoingMessage } from '../message.js';
import type { DingtalkClient } from './client.js';
import type { DingtalkReplyHint } from './types.js';

/** Attempts per late reply (the first one included). */
export const LATE_REPLY_ATTEMPTS = 4;
/** Longest wait between two attempts, whatever DingTalk's retry hint says. */
export const LATE_REPLY_MAX_WAIT_MS = 60_000;
/** Sends in flight at once: a backlog that drains after a burst must not open hundreds of connections at once. */
export const LATE_REPLY_CONCURRENCY = 8;

export interface LateReplies {
  /** Waits for `answer` and sends it (nothing when it resolves to undefined). Never throws. */
  send(hint: DingtalkReplyHint, answer: Promise<OutgoingMessage | undefined>, msgId: string): void;
  /** Resolves when every reply handed over so far has been sent or given up. */
  drain(): Promise<void>;
  /** Cancels the pending retry waits (those replies are given up, logged) and waits for the rest. */
  close(): Promise<void>;
}

export function createLateReplies(deps: { client: DingtalkClient; logger: Logger; attempts?: number; maxWaitMs?: number; concurrency?: number }): LateReplies {
  const { client, logger: log } = deps;
  const limit = deps.concurrency ?? LATE_REPLY_CONCURRENCY;
  let active = 0;
  const queued: Array<() => void> = [];
  async function slot<T>(fn: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => queued.push(resolve)); // the slot is handed over
    else active++;
    try {
      return await fn();
    } finally {
      const next = queued.shift();
      if (next) next();
      else active--;
    }
  }
  const attempts = deps.attempts ?? LATE_REPLY_ATTEMPTS;
  const maxWait = deps.maxWaitMs ?? LATE_REPLY_MAX_WAIT_MS;
  const pending = new Set<Promise<void>>();
  const waits = new Set<{ timer: NodeJS.Timeout; resolve: (go: boolean) => void }>();
  let closed = false;

  const pause = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (closed) return resolve(false);
      const w = {
        timer: setTimeout(() => {
          waits.delete(w);
          resolve(true);
        }, ms),
        resolve,
      };
      w.timer.unref();
      waits.add(w);
    });

  async function deliver(hint: DingtalkReplyHint, answer: Promise<OutgoingMessage | undefined>, msgId: string): Promise<void> {
    let message: OutgoingMessage | undefined;
    try {
      message = await answer;
    } catch (err) {
      log.error({ err, msgId }, '钉钉消息处理失败，无法回复 DingTalk message processing failed, no reply');
      return;
    }
    if (!message) return;
    for (let attempt = 1; ; attempt++) {
      try {
        const sending = message;
        const via = await slot(() => client.reply(hint, sending));
        log.info({ msgId, via, attempt }, '钉钉延迟回复已发送 DingTalk late reply sent');
        return;
      } catch (err) {
        const retriable = err instanceof DeliveryError && err.kind !== 'fatal';
        if (!retriable || attempt >= attempts) {
          log.error({ err, msgId, attempt }, '钉钉延迟回复失败 DingTalk late reply failed');
          return;
        }
        const wait = Math.min(maxWait, Math.max(1000, err.retryAfterMs ?? 5000));
        log.warn({ msgId, attempt, kind: err.kind, code: err.platformCode, waitMs: wait }, '钉钉延迟回复稍后重试 DingTalk late reply will be retried');
        if (!(await pause(wait))) {
          log.error({ msgId, attempt }, '停止时放弃钉钉延迟回复 DingTalk late reply given up at shutdown');
          return;
        }
      }
    }
  }

  const drain = async () => {
    while (pending.size) await Promise.allSettled([...pending]);
  };

  return {
    send(hint, answer, msgId) {
      const p: Promise<void> = deliver(hint, answer, msgId).finally(() => pending.delete(p));
      pending.add(p);
    },
    drain,
    async close() {
      closed = true;
      for (const w of waits) {
        clearTimeout(w.timer);
        w.resolve(false);
      }
      waits.clear();
      await drain();
    },
  };
}
