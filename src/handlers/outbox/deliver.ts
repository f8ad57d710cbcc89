// Delivers one outbox row: claim it (another process may be sending too), send it through its channel's sender
// with the row's idempotency key, then record sent, retry later (backoff, or the platform's wait on rate limits),
// failed (an error of this row only), or hand a configuration error to the channel pauses (pause.ts).
import { createHash } from 'node:crypto';
import { DeliveryError } from '../../bot/channel.js';
import type { Logger } from 'pino';
import type { OutboxRow, OutboxStore } from '../../store/index.js';
import type { OutboxChannels } from './channels.js';
import { PROBE_INTERVAL_MS, type ChannelPauses } from './pause.js';
import { maskPhones } from '../privacy.js';

/** A claimed row not finished within this time (the process died) is tried again (OUTBOX_LEASE_SECONDS, default). */
export const CLAIM_LEASE_MS = 2 * 60_000;

export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts), 30 * 60_000);
}

/**
 * The idempotency key of a row: derived from its dedupe key (unique in the outbox), so it is the same on every attempt
 * and in every process. `o` + 31 hex characters of SHA-256: 32 characters of [0-9a-z], short enough for any platform's
 * message-id field. A platform that accepted a send whose answer we never got recognises the retry by it.
 */
export const idempotencyKey = (dedupeKey: string): string => `o${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 31)}`;

/** paused: a configuration error; the row waits for the channel's next probe and never fails because of it. */
export type DeliveryResult = 'sent' | 'retry' | 'failed' | 'held' | 'paused';

export interface DeliverDeps {
  outbox: OutboxStore;
  channels: OutboxChannels;
  pauses: ChannelPauses;
  logger: Logger;
  now: Date;
  /** How long a claim holds (OUTBOX_LEASE_SECONDS); default CLAIM_LEASE_MS. */
  leaseMs?: number;
}

/** claimed: the row was claimed already (in a batch, outbox.claimDue). */
export async function deliver(deps: DeliverDeps, row: OutboxRow, opts: { claimed?: boolean } = {}): Promise<DeliveryResult> {
  const { outbox, now, logger } = deps;
  // The lease expires if we die mid-send: the row is then tried again (at least once beats never; the idempotency key
  // lets the platform drop the repeat).
  if (!opts.claimed && !(await outbox.claim(row.id, new Date(now.getTime() + (deps.leaseMs ?? CLAIM_LEASE_MS))))) return 'held';
  const sender = deps.channels.sender(row.channel);
  try {
    if (!sender) throw new DeliveryError(`通道 ${row.channel} 未配置`, 'retry');
    const message = { text: row.text, title: row.title ?? undefined, ...(row.format === 'markdown' ? { markdown: row.text } : {}) };
    await sender.send(row.recipient, message, { idempotencyKey: idempotencyKey(row.dedupeKey) });
    await outbox.markSent(row.id, now);
    return 'sent';
  } catch (err) {
    const e = err instanceof DeliveryError ? err : new DeliveryError(err instanceof Error ? err.message : String(err), 'retry');
    // A platform's error text may quote the recipient's phone number: it is stored (and shown in digests) masked.
    const why = maskPhones(e.message);
    if (e.kind === 'config') {
      // Not this row's fault: no attempt is counted and giveUpAt does not apply; it waits for the next probe.
      await outbox.markRetry(row.id, new Date(now.getTime() + PROBE_INTERVAL_MS), why, false);
      await deps.pauses.pause(row.channel, e);
      return 'paused';
    }
    const expired = row.giveUpAt !== null && row.giveUpAt.getTime() <= now.getTime();
    if (e.kind === 'fatal' || expired) {
      await outbox.markFailed(row.id, expired && e.kind !== 'fatal' ? `已放弃重试：${why}` : why);
      logger.error({ outboxId: row.id, channel: row.channel, code: e.platformCode, err: e.message }, '推送失败 push failed');
      return 'failed';
    }
    const delay = e.kind === 'rate' ? Math.max(e.retryAfterMs ?? 60_000, 1_000) : backoffMs(row.attempts);
    await outbox.markRetry(row.id, new Date(now.getTime() + delay), why);
    logger.warn({ outboxId: row.id, channel: row.channel, code: e.platformCode, kind: e.kind, delayMs: delay }, '推送稍后重试 push will be retried');
    return 'retry';
  }
}
