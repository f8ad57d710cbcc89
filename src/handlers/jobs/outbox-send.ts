// Delivers queued notifications: per recipient in queue order, with exponential backoff on failures and
// the platform's wait on rate limits (the senders keep each platform's limits and answer 'rate' before the
// platform would), giving up (status failed) only after the row's giveUpAt. A row that fails for a reason of its
// own (unknown user, content refused) fails alone: the recipient's next row goes on. A configuration error pauses
// its channel (outbox/pause.ts): while paused, one row (the oldest due head of a queue) is tried per probe interval;
// when it gets through, the pause is lifted and the channel's queues go out in order in the same run.
// #15 On PostgreSQL the rows are claimed in batches (outbox.claimDue: FOR UPDATE SKIP LOCKED, the head of each queue),
// so several instances send at once without sending anything twice; paused channels keep the row-by-row way.
import type { OutboxRow } from '../../store/index.js';
import { deliver, type DeliverDeps, type DeliveryResult } from '../outbox/deliver.js';
import { channelPauses } from '../outbox/pause.js';
import type { Job } from './types.js';

const BATCH = 500;
/** Batch claims per run: each takes at most one row per queue, so this bounds the rows a queue sends in one run. */
const CLAIM_ROUNDS = 20;

export const outboxSend: Job = {
  name: 'outbox-send',
  cron: (config) => config.sla.outboxCron,
  async run(ctx) {
    const { now, stores } = ctx;
    // Rows whose sender died mid-send go back to the queue (at least once beats never).
    await stores.outbox.requeueExpired(now);
    const counts: Record<DeliveryResult, number> = { sent: 0, retry: 0, failed: 0, held: 0, paused: 0 };
    const pauses = channelPauses({ stores, notifyRouter: ctx.notifyRouter, channels: ctx.channels, logger: ctx.logger, now, utcOffsetMinutes: ctx.config.utcOffsetMinutes });
    const leaseMs = ctx.config.instances.outboxLeaseSeconds * 1000;
    const deps: DeliverDeps = { outbox: stores.outbox, channels: ctx.channels, pauses, logger: ctx.logger, now, leaseMs };
    const send = async (row: OutboxRow, claimed = false) => {
      const r = await deliver(deps, row, { claimed });
      counts[r]++;
      return r;
    };

    /** In order per recipient: a row waits while an older one for the same recipient is pending. */
    async function sendQueue(queue: OutboxRow[]): Promise<void> {
      for (const row of queue) {
        if (pauses.paused(row.channel) || row.nextAttemptAt.getTime() > now.getTime()) break;
        const r = await send(row);
        if (r !== 'sent' && r !== 'failed') break;
      }
    }

    /** A paused channel: true when its probe got through and the pause is lifted. */
    async function probe(channel: string, queues: OutboxRow[][]): Promise<boolean> {
      const pause = await pauses.state(channel);
      if (!pause || pause.nextProbeAt.getTime() > now.getTime()) return false;
      const queue = queues.filter((q) => q[0]!.nextAttemptAt.getTime() <= now.getTime()).sort((a, b) => a[0]!.id - b[0]!.id)[0];
      if (!queue) return false;
      const r = await send(queue[0]!);
      if (r === 'paused' || r === 'held') return false; // still misconfigured (the probe was deferred), or another process probes
      if (r === 'retry') {
        // A timeout or a rate limit says nothing about the configuration: stay paused, probe again later.
        await pauses.deferProbe(channel);
        return false;
      }
      // The platform answered about the row itself (sent, or refused that row): the configuration works again.
      await pauses.resume(channel);
      return true;
    }

    /** Row by row: each row claimed before it is sent (SQLite, and paused channels everywhere). */
    async function sendQueues(rows: OutboxRow[]): Promise<void> {
      // channel → recipient → rows in queue order
      const channels = new Map<string, Map<string, OutboxRow[]>>();
      for (const r of rows) {
        const queues = channels.get(r.channel) ?? new Map<string, OutboxRow[]>();
        channels.set(r.channel, queues);
        queues.set(r.recipient, [...(queues.get(r.recipient) ?? []), r]);
      }
      await Promise.all(
        [...channels].map(async ([channel, byRecipient]) => {
          let queues = [...byRecipient.values()];
          if (await pauses.state(channel)) {
            if (!(await probe(channel, queues))) return;
            // Read the queues again: the probed row is done and the give-up times moved by the length of the pause.
            queues = await Promise.all([...byRecipient.keys()].map((recipient) => stores.outbox.pendingFor(channel, recipient)));
          }
          await Promise.all(queues.map(sendQueue));
        }),
      );
    }

    const pulled = ctx.channels.pulled;
    const paused = await stores.outbox.pausedChannels();
    const claim = (stop: Iterable<string>) => stores.outbox.claimDue(now, new Date(now.getTime() + leaseMs), ctx.config.instances.outboxClaimBatch, [...new Set([...pulled, ...stop])]);
    let batch = await claim(paused);
    if (batch === null) {
      await sendQueues(await stores.outbox.pendingQueue(BATCH, pulled));
      return counts;
    }
    if (paused.length) await sendQueues((await stores.outbox.pendingQueue(BATCH, pulled)).filter((r) => paused.includes(r.channel)));
    // Claimed in batches: one row per queue and batch, so a queue goes out in order over the rounds.
    const stopped = new Set(paused);
    for (let round = 1; batch.length; round++) {
      await Promise.all(
        batch.map(async (row) => {
          if (stopped.has(row.channel)) return stores.outbox.release(row.id, now);
          if ((await send(row, true)) === 'paused') stopped.add(row.channel);
        }),
      );
      if (round >= CLAIM_ROUNDS) break;
      batch = (await claim(stopped)) ?? [];
    }
    return counts;
  },
};
