// 微信客服 (kf): a kf_msg_or_event callback carries only a sync token; the messages are pulled with kf/sync_msg.
// The cursor is kept per open_kfid in the database (CursorStore) and advanced only after the page's messages are
// recorded by the dispatcher, so a restart neither loses nor repeats a message (the inbound dedupe covers the
// page that was recorded but whose cursor was not yet saved).  docs/wecom.md#kf-sync-and-cursor
// Syncs of one account never overlap, and callbacks cannot multiply them: while a sync runs, any number of
// callbacks queue at most one more sync (with the latest token); a callback seen before (a replay) starts none.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { CursorStore } from '../../store/index.js';
import type { Dispatcher } from '../channel.js';
import { respond } from '../respond.js';
import type { WecomClient } from './client.js';
import { decodeKf } from './decode.js';
import type { LateReplies } from '../late-replies.js';

/** Pages per sync at most (each up to 1000 messages): a safety bound against a misbehaving has_more. */
export const KF_MAX_PAGES = 100;

export const cursorKey = (openKfid: string) => `wecom-kf:${openKfid}`;

/** kf/send_msg msgid (≤32 chars [0-9a-zA-Z_-], unique per account): derived from the inbound msgid, so a retried reply is not sent twice. */
export const replyMsgId = (inboundMsgId: string) => `r${createHash('sha1').update(inboundMsgId).digest('hex').slice(0, 30)}`;

/** How long a callback is remembered as seen (its sync token is valid for 10 minutes), and how many at most. */
export const KF_DELIVERY_MEMORY_MS = 60 * 60_000;
export const KF_DELIVERY_MEMORY_MAX = 10_000;

/** kf/send_msg msgid of an outbox row: its idempotency key when it already fits the msgid format, else `o` + 31 hex of its SHA-1. */
export const outboxMsgId = (idempotencyKey: string) =>
  /^[0-9a-zA-Z_-]{1,32}$/.test(idempotencyKey) ? idempotencyKey : `o${createHash('sha1').update(idempotencyKey).digest('hex').slice(0, 31)}`;

export interface KfSync {
  /**
   * Syncs `openKfid` with a callback's token: at once when the account is idle, else once after the running sync
   * (the latest token wins). `delivery` names the callback (its signature): one seen before starts nothing.
   * Resolves when the account's syncs are done. Never rejects.
   */
  trigger(openKfid: string, token: string, delivery?: string): Promise<void>;
  idle(): Promise<void>;
}

/** An account whose sync is running: `next` is the token of the one sync queued behind it. */
interface Running {
  next?: string;
  done: Promise<void>;
}

export function createKfSync(deps: { client: WecomClient; cursors: CursorStore; dispatcher: Dispatcher; clock: Clock; logger: Logger; late: LateReplies }): KfSync {
  const { client, cursors, dispatcher, clock, late } = deps;
  const log = deps.logger;
  const running = new Map<string, Running>();
  /** delivery → when it may be forgotten; insertion order is expiry order. */
  const seen = new Map<string, number>();

  function firstTime(delivery: string): boolean {
    const now = clock.now().getTime();
    for (const [k, until] of seen) {
      if (until > now) break;
      seen.delete(k);
    }
    if ((seen.get(delivery) ?? 0) > now) return false;
    seen.delete(delivery);
    if (seen.size >= KF_DELIVERY_MEMORY_MAX) seen.delete(seen.keys().next().value!);
    seen.set(delivery, now + KF_DELIVERY_MEMORY_MS);
    return true;
  }

  /** Syncs while a token is queued; the account is idle again when none is. */
  async function drain(openKfid: string, account: Running): Promise<void> {
    try {
      for (let token = account.next; token !== undefined; token = account.next) {
        account.next = undefined;
        await sync(openKfid, token).catch((err: unknown) => {
          log.error({ err, openKfid }, '微信客服消息同步失败 kf/sync_msg failed');
        });
      }
    } finally {
      running.delete(openKfid);
    }
  }

  async function sync(openKfid: string, token: string): Promise<void> {
    const key = cursorKey(openKfid);
    let cursor = (await cursors.get(key)) ?? undefined;
    let handled = 0;
    for (let page = 0; page < KF_MAX_PAGES; page++) {
      const res = await client.kfSync({ token, openKfid, cursor });
      for (const m of res.msg_list ?? []) {
        const msg = decodeKf(m, { now: clock.now() });
        if (!msg) continue; // servicer / system / non-text messages
        const ext = m.external_userid!;
        // Resolves once recorded (dedupe); the answer always goes out through kf/send_msg.
        await respond(dispatcher, msg, {
          later(answer) {
            handled++;
            late.send('kf/send_msg', msg.msgId, answer, (reply) => client.kfSend(openKfid, ext, reply, replyMsgId(msg.msgId)));
          },
          ack: () => undefined,
        });
      }
      if (res.next_cursor && res.next_cursor !== cursor) {
        cursor = res.next_cursor;
        await cursors.put(key, cursor);
      }
      if (!res.has_more) break;
    }
    log.info({ openKfid, handled }, '微信客服消息已同步 kf messages synced');
  }

  return {
    trigger(openKfid, token, delivery) {
      const account = running.get(openKfid);
      if (delivery !== undefined && !firstTime(`${openKfid}:${delivery}`)) {
        log.debug({ openKfid }, '重复的微信客服回调，不再拉取 kf callback seen before: no sync');
        return account?.done ?? Promise.resolve();
      }
      if (account) {
        account.next = token;
        return account.done;
      }
      const started: Running = { next: token, done: Promise.resolve() };
      running.set(openKfid, started);
      started.done = drain(openKfid, started);
      return started.done;
    },
    async idle() {
      while (running.size) await Promise.allSettled([...running.values()].map((a) => a.done));
    },
  };
}
