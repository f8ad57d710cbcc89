// Delivers one outbox row: claim it (another process may be sending too), send it through its channel's
// sender, then record sent, retry later (backoff, or the platform's wait on rate limits) or failed.
import { DeliveryError } from '../../bot/channel.js';
import type { Logger } from 'pino';
import type { OutboxRow, OutboxStore } from '../../store/index.js';
import type { OutboxChannels } from './channels.js';

/** A claimed row not finished within this time (the process died) is tried again. */
export const CLAIM_LEASE_MS = 2 * 60_000;

export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts), 30 * 60_000);
}

export type DeliveryResult = 'sent' | 'retry' | 'failed' | 'held';

export async function deliver(deps: { outbox: OutboxStore; channels: OutboxChannels; logger: Logger; now: Date }, row: OutboxRow): Promise<DeliveryResult> {
  const { outbox, now, logger } = deps;
  // The lease expires if we die mid-send: the row is then tried again (at least once beats never).
  if (!(await outbox.claim(row.id, new Date(now.getTime() + CLAIM_LEASE_MS)))) return 'held';
  const sender = deps.channels.sender(row.channel);
  try {
    if (!sender) throw new DeliveryError(`通道 ${row.channel} 未配置`, 'retry');
    await sender.send(row.recipient, { text: row.text, title: row.title ?? undefined, ...(row.format === 'markdown' ? { markdown: row.text } : {}) });
    await outbox.markSent(row.id, now);
    return 'sent';
  } catch (err) {
    const e = err instanceof DeliveryError ? err : new DeliveryError(err instanceof Error ? err.message : String(err), 'retry');
    const expired = row.giveUpAt !== null && row.giveUpAt.getTime() <= now.getTime();
    if (e.kind === 'fatal' || expired) {
      await outbox.markFailed(row.id, expired && e.kind !== 'fatal' ? `已放弃重试：${e.message}` : e.message);
      logger.error({ outboxId: row.id, channel: row.channel, code: e.platformCode, err: e.message }, '推送失败 push failed');
      return 'failed';
    }
    const delay = e.kind === 'rate' ? Math.max(e.retryAfterMs ?? 60_000, 1_000) : backoffMs(row.attempts);
    await outbox.markRetry(row.id, new Date(now.getTime() + delay), e.message);
    logger.warn({ outboxId: row.id, channel: row.channel, code: e.platformCode, kind: e.kind, delayMs: delay }, '推送稍后重试 push will be retried');
    return 'retry';
  }
}
