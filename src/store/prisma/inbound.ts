// Inbound rows: written by the dispatcher's group commit (one INSERT per batch), read back by recovery.
import type { InboundRecord, InboundStore } from '../types/index.js';
import { insertInbound } from './bulk.js';
import type { Db } from './client.js';
import { rawSql } from './dialect.js';
import { sqlRows, sqlRun } from './direct-sql.js';

/** Locks nothing past the statement (no transaction): it only skips a row another transaction holds. */
const DRAINABLE_PG = `SELECT m."id" FROM "InboundMessage" m
  WHERE m."id" = ? AND m."processedAt" IS NULL
    AND NOT EXISTS (SELECT 1 FROM "InboundMessage" e WHERE e."platform" = m."platform" AND e."chatId" = m."chatId" AND e."processedAt" IS NULL AND e."id" < m."id")
  FOR UPDATE OF m SKIP LOCKED`;
/** The claim without waiting: a row another transaction holds (another instance is processing it) is not taken. */
const CLAIM_PG = `UPDATE "InboundMessage" SET "processedAt" = ?
  WHERE "id" = (SELECT "id" FROM "InboundMessage" WHERE "id" = ? AND "processedAt" IS NULL FOR UPDATE SKIP LOCKED)`;

export class PrismaInboundStore implements InboundStore {
  constructor(private readonly db: Db) {}

  recordMany(rows: InboundRecord[], now: Date) {
    return insertInbound(this.db, rows, now);
  }

  unprocessed(afterId: number, limit: number, recordedBefore?: Date) {
    return this.db.inboundMessage.findMany({
      where: { processedAt: null, id: { gt: afterId }, ...(recordedBefore ? { createdAt: { lt: recordedBefore } } : {}) },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, platform: true, msgId: true, chatId: true, chatType: true, senderId: true, text: true, attachments: true, receivedAt: true },
    });
  }

  async markProcessed(id: number, at: Date, error?: string) {
    await this.db.inboundMessage.update({ where: { id }, data: { processedAt: at, error: error ?? null } });
  }

  async claim(id: number, at: Date) {
    const q = rawSql(this.db);
    const sql = q.dialect === 'postgresql' ? CLAIM_PG : 'UPDATE "InboundMessage" SET "processedAt" = ? WHERE "id" = ? AND "processedAt" IS NULL';
    return (await sqlRun(this.db, q.text(sql), [q.date(at), id])) === 1;
  }

  async earlierUnprocessed(platform: string, chatId: string, beforeId: number, since: Date) {
    const r = await this.db.inboundMessage.findFirst({ where: { platform, chatId, processedAt: null, id: { lt: beforeId }, createdAt: { gte: since } }, select: { id: true } });
    return r !== null;
  }

  async drainable(id: number) {
    const q = rawSql(this.db);
    if (q.dialect !== 'postgresql') return true;
    const rows = await sqlRows(this.db, q.text(DRAINABLE_PG), [id]);
    return rows.length === 1;
  }

  count() {
    return this.db.inboundMessage.count();
  }

  countUnprocessed() {
    return this.db.inboundMessage.count({ where: { processedAt: null } });
  }
}
