// Replies sent after WeCom was acked (the dispatcher's `later`, kf replies, AI-bot fallbacks): a rate-limited or
// transient failure is retried a few times in-process; fatal failures and give-ups are logged, never retried forever.
import type { Logger } from 'pino';
import { DeliveryError } from '../channel.js';
import type { OutgoingMessage } from '../message.js';

export const LATE_REPLY_ATTEMPTS = 4;
export const LATE_REPLY_MAX_WAIT_MS = 60_000;

export interface LateReplies {
  /** Waits for `answer` and delivers it (nothing when it resolves to undefined). Never throws. */
  send(what: string, msgId: string, answer: Promise<OutgoingMessage | undefined>, deliver: (m: OutgoingMessage) => Promise<void>): void;
  /** Runs an arbitrary background task, tracked so that drain/close wait for it. */
  track(p: Promise<unknown>): void;
  drain(): Promise<void>;
  close(): Promise<void>;
}

export function createLateReplies(deps: { logger: Logger; attempts?: number; maxWaitMs?: number }): LateReplies {
  const log = deps.logger;
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

  async function deliver(what: string, msgId: string, answer: Promise<OutgoingMessage | undefined>, send: (m: OutgoingMessage) => Promise<void>) {
    let message: OutgoingMessage | undefined;
    try {
      message = await answer;
    } catch (err) {
      log.error({ err, msgId, what }, '企业微信消息处理失败，无法回复 WeCom message processing failed, no reply');
      return;
    }
    if (!message) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await send(message);
        log.info({ msgId, what, attempt }, '企业微信延迟回复已发送 WeCom late reply sent');
        return;
      } catch (err) {
        const retriable = err instanceof DeliveryError && err.kind !== 'fatal';
        if (!retriable || attempt >= attempts) {
          log.error({ err, msgId, what, attempt, code: err instanceof DeliveryError ? err.platformCode : undefined }, '企业微信延迟回复失败（不再重试） WeCom late reply failed');
          return;
        }
        const wait = Math.min(maxWait, Math.max(1000, err.retryAfterMs ?? 5000));
        log.warn({ msgId, what, attempt, kind: err.kind, code: err.platformCode, waitMs: wait }, '企业微信延迟回复稍后重试 WeCom late reply will be retried');
        if (!(await pause(wait))) {
          log.error({ msgId, what, attempt }, '停止时放弃企业微信延迟回复 WeCom late reply given up at shutdown');
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
