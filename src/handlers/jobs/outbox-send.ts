// Delivers queued notifications: per recipient in queue order, with exponential backoff on failures and
// the platform's wait on rate limits (the senders keep each platform's limits and answer 'rate' before the
// platform would), giving up (status failed) only after the row's giveUpAt.
import type { OutboxRow } from '../../store/index.js';
import { deliver, type DeliveryResult } from '../outbox/deliver.js';
import type { Job } from './types.js';

const BATCH = 500;

export const outboxSend: Job = {
  name: 'outbox-send',
  cron: (config) => config.sla.outboxCron,
  async run(ctx) {
    const { now, stores } = ctx;
    // Rows whose sender died mid-send go back to the queue (at least once beats never).
    await stores.outbox.requeueExpired(now);
    const rows = await stores.outbox.pendingQueue(BATCH, ctx.channels.pulled);
    const queues = new Map<string, OutboxRow[]>();
    for (const r of rows) {
      const k = `${r.channel}|${r.recipient}`;
      if (!queues.has(k)) queues.set(k, []);
      queues.get(k)!.push(r);
    }
    const counts: Record<DeliveryResult, number> = { sent: 0, retry: 0, failed: 0, held: 0 };
    const deps = { outbox: stores.outbox, channels: ctx.channels, logger: ctx.logger, now };
    await Promise.all(
      [...queues.values()].map(async (queue) => {
        // In order per recipient: a row waits while an older one for the same recipient is pending.
        for (const row of queue) {
          if (row.nextAttemptAt.getTime() > now.getTime()) break;
          const r = await deliver(deps, row);
          counts[r]++;
          if (r !== 'sent' && r !== 'failed') break;
        }
      }),
    );
    return counts;
  },
};
