// Ticket media rows. Recording skips an (inboundId, ref) seen before in one statement; every state change after a
// claim names the claim (the attempt number), so a process whose lease ran out cannot overwrite a newer download.
import type { MediaCounts, MediaKind, MediaStatus, StoredFile, TicketMedia, TicketMediaInput, TicketMediaStore } from '../types/index.js';
import { rawSql } from './dialect.js';
import type { Db } from './client.js';

type Raw = Omit<TicketMedia, 'kind' | 'status'> & { kind: string; status: string; updatedAt?: Date };
const toMedia = (r: Raw): TicketMedia => {
  const { updatedAt: _u, ...rest } = r;
  return { ...rest, kind: r.kind as MediaKind, status: r.status as MediaStatus };
};

const CHUNK = 200;

export class PrismaTicketMediaStore implements TicketMediaStore {
  constructor(private readonly db: Db) {}

  async record(rows: TicketMediaInput[], at: Date) {
    const q = rawSql(this.db);
    let inserted = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const params: unknown[] = [];
      const values = chunk.map((r) => {
        params.push(r.ticketId, r.kind, r.platform, r.ref, r.ticketId === null ? 'unattached' : 'pending', q.date(at), r.senderId, r.inboundId, q.date(at), q.date(at));
        return '(?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)';
      });
      inserted += await this.db.$executeRawUnsafe(
        q.text(`INSERT INTO "TicketMedia" ("ticketId", "kind", "platform", "ref", "status", "attempts", "nextAttemptAt", "senderId", "inboundId", "createdAt", "updatedAt") VALUES ${values.join(', ')} ON CONFLICT ("inboundId", "ref") DO NOTHING`),
        ...params,
      );
    }
    return inserted;
  }

  async unattached(senderId: number, since: Date) {
    const rows = await this.db.ticketMedia.findMany({ where: { senderId, status: 'unattached', createdAt: { gte: since } }, orderBy: { id: 'asc' } });
    return rows.map(toMedia);
  }

  async attach(ids: readonly number[], ticketId: number, at: Date) {
    if (!ids.length) return 0;
    const r = await this.db.ticketMedia.updateMany({ where: { id: { in: [...ids] }, status: 'unattached' }, data: { ticketId, status: 'pending', nextAttemptAt: at } });
    return r.count;
  }

  async listForTicket(ticketId: number) {
    return (await this.db.ticketMedia.findMany({ where: { ticketId }, orderBy: { id: 'asc' } })).map(toMedia);
  }

  async counts(ticketId: number): Promise<MediaCounts> {
    const groups = await this.db.ticketMedia.groupBy({ by: ['kind', 'status'], where: { ticketId }, _count: { _all: true } });
    const counts: MediaCounts = { image: 0, voice: 0, failed: 0 };
    for (const g of groups) {
      if (g.status === 'failed') counts.failed += g._count._all;
      else if (g.kind === 'image' || g.kind === 'voice') counts[g.kind] += g._count._all;
    }
    return counts;
  }

  async get(id: number) {
    const r = await this.db.ticketMedia.findUnique({ where: { id } });
    return r ? toMedia(r) : null;
  }

  async due(now: Date, limit: number) {
    const rows = await this.db.ticketMedia.findMany({ where: { status: 'pending', nextAttemptAt: { lte: now } }, orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }], take: limit });
    return rows.map(toMedia);
  }

  async claim(row: Pick<TicketMedia, 'id' | 'attempts'>, now: Date, leaseUntil: Date) {
    const r = await this.db.ticketMedia.updateMany({
      where: { id: row.id, status: 'pending', attempts: row.attempts, nextAttemptAt: { lte: now } },
      data: { attempts: row.attempts + 1, nextAttemptAt: leaseUntil },
    });
    return r.count > 0;
  }

  async markStored(id: number, attempt: number, file: StoredFile, at: Date) {
    const r = await this.db.ticketMedia.updateMany({
      where: { id, status: 'pending', attempts: attempt },
      data: { status: 'stored', path: file.path, bytes: file.bytes, contentType: file.contentType, error: null, nextAttemptAt: at },
    });
    return r.count > 0;
  }

  async markRetry(id: number, attempt: number, nextAttemptAt: Date, error: string) {
    const r = await this.db.ticketMedia.updateMany({ where: { id, status: 'pending', attempts: attempt }, data: { nextAttemptAt, error: error.slice(0, 300) } });
    return r.count > 0;
  }

  async markFailed(id: number, attempt: number, error: string) {
    const r = await this.db.ticketMedia.updateMany({ where: { id, status: 'pending', attempts: attempt }, data: { status: 'failed', error: error.slice(0, 300) } });
    return r.count > 0;
  }
}
