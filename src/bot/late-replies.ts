// Replies sent after the platform was acked (the dispatcher's `later`, WeCom kf replies, AI-bot fallbacks,
// DingTalk sessionWebhook): a rate-limited or transient failure is retried a few times in-process; fatal
// failures and give-ups are logged, never retried forever. At most `concurrency` sends run at once, so a
// backlog that drains after a burst does not open hundreds of connections together.
import type { Logger } from 'pino';
import { DeliveryError } from './channel.js';
import type { OutgoingMessage } from './message.js';

/** Attempts per late reply (the first one included). */
export const LATE_REPLY_ATTEMPTS = 4;
/** Longest wait between two attempts, whatever the platform's retry hint says. */
export const LATE_REPLY_MAX_WAIT_MS = 60_000;
/** Sends in flight at once. */
export const LATE_REPLY_CONCURRENCY = 8;

export interface LateReplies {
  /** Waits for `answer` and delivers it (nothing when it resolves to undefined). Never throws. */
  send(what: string, msgId: string, answer: Promise<OutgoingMessage | undefined>, deliver: (m: OutgoingMessage) => Promise<unknown>): void;
  /** Runs an arbitrary background task, tracked so that drain/close wait for it. */
  track(p: Promise<unknown>): void;
  drain(): Promise<void>;
  close(): Promise<void>;
}

export function createLateReplies(deps: { logger: Logger; platform: string; attempts?: number; maxWaitMs?: number; concurrency?: number }): LateReplies {
  const log = deps.logger.child({ platform: deps.platform });
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
  const pending = new Set<Promise<unknown>>();
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

  async function deliver(what: string, msgId: string, answer: Promise<OutgoingMessage | undefined>, send: (m: OutgoingMessage) => Promise<unknown>) {
    let message: OutgoingMessage | undefined;
    try {
      message = await answer;
    } catch (err) {
      log.error({ err, msgId, what }, '消息处理失败，无法回复 message processing failed, no reply');
      return;
    }
    if (!message) return;
    for (let attempt = 1; ; attempt++) {
      try {
        const sending = message;
        const via = await slot(() => send(sending));
        log.info({ msgId, what, attempt, via: typeof via === 'string' ? via : undefined }, '延迟回复已发送 late reply sent');
        return;
      } catch (err) {
        // A configuration error does not clear within a few seconds: given up like a fatal one (and logged).
        const retriable = err instanceof DeliveryError && (err.kind === 'retry' || err.kind === 'rate');
        if (!retriable || attempt >= attempts) {
          log.error({ err, msgId, what, attempt, code: err instanceof DeliveryError ? err.platformCode : undefined }, '延迟回复失败（不再重试） late reply failed');
          return;
        }
        const wait = Math.min(maxWait, Math.max(1000, err.retryAfterMs ?? 5000));
        log.warn({ msgId, what, attempt, kind: err.kind, code: err.platformCode, waitMs: wait }, '延迟回复稍后重试 late reply will be retried');
        if (!(await pause(wait))) {
          log.error({ msgId, what, attempt }, '停止时放弃延迟回复 late reply given up at shutdown');
          return;
        }
      }
    }
  }

  const track = (p: Promise<unknown>) => {
    const q: Promise<unknown> = p.catch(() => undefined).finally(() => pending.delete(q));
    pending.add(q);
  };
  const drain = async () => {
    while (pending.size) await Promise.allSettled([...pending]);
  };
  return {
    send(what, msgId, answer, send) {
      track(deliver(what, msgId, answer, send));
    },
    track,
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
