import type { ChannelPause, OutboxInput, OutboxRow, OutboxStatus, OutboxStore } from '../types/index.js';
import { insertOutbox } from './bulk.js';
import { rawSql } from './dialect.js';
import { sqlRows } from './direct-sql.js';
import type { Db } from './client.js';

const toRow = (r: Omit<OutboxRow, 'status'> & { status: string; updatedAt?: Date }): OutboxRow => {
  const { updatedAt: _u, ...rest } = r;
  return { ...rest, status: r.status as OutboxStatus };
};

export class PrismaOutboxStore implements OutboxStore {
  constructor(private readonly db: Db) {}

  async enqueue(rows: OutboxInput[], now?: Date) {
    if (!rows.length) return 0;
    return insertOutbox(this.db, rows, now ?? rows[0]!.nextAttemptAt);
  }

  async due(now: Date, limit: number) {
    const rows = await this.db.outbox.findMany({ where: { status: 'pending', nextAttemptAt: { lte: now } }, orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }], take: limit });
    return rows.map(toRow);
  }

  async pendingQueue(limit: number, excludeChannels: readonly string[]) {
    const rows = await this.db.outbox.findMany({ where: { status: 'pending', channel: { notIn: [...excludeChannels] } }, orderBy: { id: 'asc' }, take: limit });
    return rows.map(toRow);
  }

  async claim(id: number, leaseUntil: Date) {
    const r = await this.db.outbox.updateMany({ where: { id, status: 'pending' }, data: { status: 'sending', nextAttemptAt: leaseUntil } });
    return r.count > 0;
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number, excludeChannels: readonly string[]) {
    const q = rawSql(this.db);
    if (q.dialect !== 'postgresql') return null;
    const exclude = excludeChannels.length ? ` AND o."channel" NOT IN (${excludeChannels.map(() => '?').join(', ')})` : '';
    // The head of each queue only: a row waits while an older one for the same recipient is pending or being sent, so
    // queues stay in order across processes. A row another process is claiming is locked: skipped, and so are the
    // rows behind it (they still see it pending).
    const claimed = await this.db.$queryRawUnsafe<Array<{ id: number | bigint }>>(
      q.text(`UPDATE "Outbox" SET "status" = 'sending', "nextAttemptAt" = ?, "updatedAt" = ? WHERE "id" IN (
        SELECT o."id" FROM "Outbox" o WHERE o."status" = 'pending' AND o."nextAttemptAt" <= ?${exclude}
          AND NOT EXISTS (SELECT 1 FROM "Outbox" p WHERE p."channel" = o."channel" AND p."recipient" = o."recipient" AND p."status" IN ('pending', 'sending') AND p."id" < o."id")
        ORDER BY o."id" LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING "id"`),
      q.date(leaseUntil),
      q.date(now),
      q.date(now),
      ...excludeChannels,
      limit,
    );
    if (!claimed.length) return [];
    const rows = await this.db.outbox.findMany({ where: { id: { in: claimed.map((r) => Number(r.id)) } }, orderBy: { id: 'asc' } });
    return rows.map(toRow);
  }

  async release(id: number, at: Date) {
    await this.db.outbox.updateMany({ where: { id, status: 'sending' }, data: { status: 'pending', nextAttemptAt: at } });
  }

  async pausedChannels() {
    const rows = await this.db.platformToken.findMany({ where: { key: { startsWith: pauseKey('') } }, select: { key: true } });
    return rows.map((r) => r.key.slice(pauseKey('').length));
  }

  async requeueExpired(now: Date) {
    return (await this.db.outbox.updateMany({ where: { status: 'sending', nextAttemptAt: { lte: now } }, data: { status: 'pending' } })).count;
  }

  async failedSince(since: Date) {
    return (await this.db.outbox.findMany({ where: { status: 'failed', updatedAt: { gte: since } }, orderBy: { id: 'asc' } })).map(toRow);
  }

  async recentFor(channel: string, recipient: string | null, afterId: number, limit: number) {
    const rows = await this.db.outbox.findMany({
      where: { channel, ...(recipient !== null ? { recipient } : {}), id: { gt: afterId }, status: { in: ['pending', 'sent'] } },
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.reverse().map(toRow);
  }

  async pendingFor(channel: string, recipient: string) {
    const rows = await this.db.outbox.findMany({ where: { status: 'pending', channel, recipient }, orderBy: { id: 'asc' } });
    return rows.map(toRow);
  }

  async markSent(id: number, at: Date) {
    await this.db.outbox.update({ where: { id }, data: { status: 'sent', sentAt: at, attempts: { increment: 1 }, lastError: null } });
  }

  async markRetry(id: number, nextAttemptAt: Date, error: string, countAttempt = true) {
    await this.db.outbox.update({ where: { id }, data: { status: 'pending', nextAttemptAt, lastError: error.slice(0, 500), ...(countAttempt ? { attempts: { increment: 1 } } : {}) } });
  }

  async markFailed(id: number, error: string) {
    await this.db.outbox.update({ where: { id }, data: { status: 'failed', lastError: error.slice(0, 500), attempts: { increment: 1 } } });
  }

  async cancelPrefix(prefix: string) {
    // A range on the unique dedupeKey index: the cost follows the item's own rows, not every pending row
    // (a LIKE/startsWith plus status would scan all pending rows through the status index).
    const q = rawSql(this.db);
    const rows = await sqlRows<{ id: number; status: string }>(this.db, q.text('SELECT "id", "status" FROM "Outbox" WHERE "dedupeKey" >= ? AND "dedupeKey" < ?'), [prefix, `${prefix}\u{10FFFF}`]);
    const ids = rows.filter((r) => r.status === 'pending').map((r) => Number(r.id));
    if (!ids.length) return 0;
    const r = await this.db.outbox.updateMany({ where: { id: { in: ids }, status: 'pending' }, data: { status: 'cancelled' } });
    return r.count;
  }

  async list(filter?: { status?: OutboxStatus }) {
    const rows = await this.db.outbox.findMany({ where: filter?.status ? { status: filter.status } : {}, orderBy: { id: 'asc' } });
    return rows.map(toRow);
  }

  async countByChannel(statuses: readonly OutboxStatus[]) {
    const groups = await this.db.outbox.groupBy({ by: ['channel', 'status'], where: { status: { in: [...statuses] } }, _count: { _all: true } });
    return groups.map((g) => ({ channel: g.channel, status: g.status as OutboxStatus, count: g._count._all }));
  }

  // ---- channel pauses: rows of the shared token table (no schema of their own) ----

  async channelPause(channel: string) {
    const r = await this.db.platformToken.findUnique({ where: { key: pauseKey(channel) } });
    return r ? toPause(channel, r.value, r.expiresAt) : null;
  }

  async pauseChannel(p: ChannelPause) {
    const value = JSON.stringify({ since: p.since.toISOString(), reason: p.reason.slice(0, 500), code: p.code });
    // Insert-if-absent in one statement: of two processes pausing together, exactly one creates the episode.
    const q = rawSql(this.db);
    const created = await this.db.$executeRawUnsafe(
      q.text('INSERT INTO "PlatformToken" ("key", "value", "expiresAt", "updatedAt") VALUES (?, ?, ?, ?) ON CONFLICT ("key") DO NOTHING'),
      pauseKey(p.channel),
      value,
      q.date(p.nextProbeAt),
      q.date(p.since),
    );
    const pause = await this.channelPause(p.channel);
    return { pause: pause ?? p, created: created > 0 };
  }

  async deferProbe(channel: string, at: Date) {
    await this.db.platformToken.updateMany({ where: { key: pauseKey(channel) }, data: { expiresAt: at } });
  }

  async resumeChannel(channel: string) {
    return (await this.db.platformToken.deleteMany({ where: { key: pauseKey(channel) } })).count > 0;
  }

  async postponeGiveUp(channel: string, ms: number) {
    const rows = await this.db.outbox.findMany({ where: { channel, status: { in: ['pending', 'sending'] }, giveUpAt: { not: null } }, select: { id: true, giveUpAt: true } });
    for (const r of rows) await this.db.outbox.update({ where: { id: r.id }, data: { giveUpAt: new Date(r.giveUpAt!.getTime() + ms) } });
    return rows.length;
  }
}

const pauseKey = (channel: string) => `outbox-paused:${channel}`;

function toPause(channel: string, value: string, nextProbeAt: Date): ChannelPause {
  const v = JSON.parse(value) as { since: string; reason: string; code: string | null };
  return { channel, since: new Date(v.since), nextProbeAt, reason: v.reason, code: v.code };
}
