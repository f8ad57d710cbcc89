import type { OutboxInput, OutboxRow, OutboxStatus, OutboxStore } from '../types.js';
import { isUniqueViolation, type Db } from './client.js';

const toRow = (r: Omit<OutboxRow, 'status'> & { status: string; updatedAt?: Date }): OutboxRow => {
  const { updatedAt: _u, ...rest } = r;
  return { ...rest, status: r.status as OutboxStatus };
};

function uniqueByKey(rows: OutboxInput[]): OutboxInput[] {
  const byKey = new Map<string, OutboxInput>();
  for (const r of rows) if (!byKey.has(r.dedupeKey)) byKey.set(r.dedupeKey, r);
  return [...byKey.values()];
}

export class PrismaOutboxStore implements OutboxStore {
  constructor(private readonly db: Db) {}

  async enqueue(rows: OutboxInput[]) {
    let inserted = 0;
    // Batches: one lookup of the keys already queued, then one insert of the new ones.
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = uniqueByKey(rows.slice(i, i + 500));
      const seen = await this.db.outbox.findMany({ where: { dedupeKey: { in: chunk.map((r) => r.dedupeKey) } }, select: { dedupeKey: true } });
      const known = new Set(seen.map((r) => r.dedupeKey));
      const fresh = chunk.filter((r) => !known.has(r.dedupeKey)).map((r) => ({ ...r, format: r.format ?? 'text' }));
      if (!fresh.length) continue;
      try {
        inserted += (await this.db.outbox.createMany({ data: fresh })).count;
      } catch (err) {
        // Another process queued one of the keys in between: fall back to row by row.
        if (!isUniqueViolation(err)) throw err;
        for (const row of fresh) {
          try {
            await this.db.outbox.create({ data: row });
            inserted++;
          } catch (e) {
            if (!isUniqueViolation(e)) throw e;
          }
        }
      }
    }
    return inserted;
  }

  async due(now: Date, limit: number) {
    const rows = await this.db.outbox.findMany({ where: { status: 'pending', nextAttemptAt: { lte: now } }, orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }], take: limit });
    return rows.map(toRow);
  }

  async pendingFor(channel: string, recipient: string) {
    const rows = await this.db.outbox.findMany({ where: { status: 'pending', channel, recipient }, orderBy: { id: 'asc' } });
    return rows.map(toRow);
  }

  async markSent(id: number, at: Date) {
    await this.db.outbox.update({ where: { id }, data: { status: 'sent', sentAt: at, attempts: { increment: 1 }, lastError: null } });
  }

  async markRetry(id: number, nextAttemptAt: Date, error: string) {
    await this.db.outbox.update({ where: { id }, data: { status: 'pending', nextAttemptAt, lastError: error.slice(0, 500), attempts: { increment: 1 } } });
  }

  async markFailed(id: number, error: string) {
    await this.db.outbox.update({ where: { id }, data: { status: 'failed', lastError: error.slice(0, 500), attempts: { increment: 1 } } });
  }

  async cancelPrefix(prefix: string) {
    const r = await this.db.outbox.updateMany({ where: { status: 'pending', dedupeKey: { startsWith: prefix } }, data: { status: 'cancelled' } });
    return r.count;
  }

  async list(filter?: { status?: OutboxStatus }) {
    const rows = await this.db.outbox.findMany({ where: filter?.status ? { status: filter.status } : {}, orderBy: { id: 'asc' } });
    return rows.map(toRow);
  }
}
