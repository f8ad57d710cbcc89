// Delivers queued notifications: per recipient in queue order, with exponential backoff on failures and
// the platform's wait on rate limits (the senders keep each platform's limits and answer 'rate' before the
// platform would), giving up (status failed) only after the row's giveUpAt.
import { DeliveryError } from '../../bot/channel.js';
import type { OutboxChannel } from '../../bot/message.js';
import type { OutboxRow } from '../../store/types.js';
import type { Job, JobContext } from './types.js';

/** Console rows are pulled by the console page, never pushed. */
const PULLED = new Set<string>(['console', 'console-group']);

/** A claimed row not finished within this time (the process died) is tried again. */
const LEASE_MS = 2 * 60_000;
const BATCH = 500;

export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts), 30 * 60_000);
}

type Result = 'sent' | 'retry' | 'failed' | 'held';

async function deliver(ctx: JobContext, row: OutboxRow): Promise<Result> {
  const { prisma, stores, now } = ctx;
  // Claim it (another process may be sending too); the lease expires if we die mid-send.
  const claimed = await prisma.outbox.updateMany({ where: { id: row.id, status: 'pending' }, data: { status: 'sending', nextAttemptAt: new Date(now.getTime() + LEASE_MS) } });
  if (!claimed.count) return 'held';
  const sender = ctx.senders[row.channel as OutboxChannel];
  try {
    if (!sender) throw new DeliveryError(`通道 ${row.channel} 未配置`, 'retry');
    await sender.send(row.recipient, { text: row.text, title: row.title ?? undefined, ...(row.format === 'markdown' ? { markdown: row.text } : {}) });
    await stores.outbox.markSent(row.id, now);
    return 'sent';
  } catch (err) {
    const e = err instanceof DeliveryError ? err : new DeliveryError(err instanceof Error ? err.message : String(err), 'retry');
    const expired = row.giveUpAt !== null && row.giveUpAt.getTime() <= now.getTime();
    if (e.kind === 'fatal' || expired) {
      await stores.outbox.markFailed(row.id, expired && e.kind !== 'fatal' ? `已放弃重试：${e.message}` : e.message);
      ctx.logger.error({ outboxId: row.id, channel: row.channel, code: e.platformCode, err: e.message }, '推送失败 push failed');
      return 'failed';
    }
    const delay = e.kind === 'rate' ? Math.max(e.retryAfterMs ?? 60_000, 1_000) : backoffMs(row.attempts);
    await stores.outbox.markRetry(row.id, new Date(now.getTime() + delay), e.message);
    ctx.logger.warn({ outboxId: row.id, channel: row.channel, code: e.platformCode, kind: e.kind, delayMs: delay }, '推送稍后重试 push will be retried');
    return 'retry';
  }
}

export const outboxSend: Job = {
  name: 'outbox-send',
  cron: (config) => config.sla.outboxCron,
  async run(ctx) {
    const { prisma, now } = ctx;
    // Rows whose sender died mid-send go back to the queue (at least once beats never).
    await prisma.outbox.updateMany({ where: { status: 'sending', nextAttemptAt: { lte: now } }, data: { status: 'pending' } });
    const rows = await prisma.outbox.findMany({ where: { status: 'pending', channel: { notIn: [...PULLED] } }, orderBy: { id: 'asc' }, take: BATCH });
    const queues = new Map<string, OutboxRow[]>();
    for (const r of rows) {
      const k = `${r.channel}|${r.recipient}`;
      if (!queues.has(k)) queues.set(k, []);
      queues.get(k)!.push(r as OutboxRow);
    }
    const counts: Record<Result, number> = { sent: 0, retry: 0, failed: 0, held: 0 };
    await Promise.all(
      [...queues.values()].map(async (queue) => {
        // In order per recipient: a row waits while an older one for the same recipient is pending.
        for (const row of queue) {
          if (row.nextAttemptAt.getTime() > now.getTime()) break;
          const r = await deliver(ctx, row);
          counts[r]++;
          if (r !== 'sent' && r !== 'failed') break;
        }
      }),
    );
    return counts;
  },
};
