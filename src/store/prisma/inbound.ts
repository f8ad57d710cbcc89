// Inbound rows: written by the dispatcher's group commit (one INSERT per batch), read back by recovery.
import type { InboundRecord, InboundStore } from '../types/index.js';
import { insertInbound } from './bulk.js';
import type { Db } from './client.js';
import { rawSql } from './dialect.js';
import { sqlRun } from './direct-sql.js';

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
    return (await sqlRun(this.db, q.text('UPDATE "InboundMessage" SET "processedAt" = ? WHERE "id" = ? AND "processedAt" IS NULL'), [q.date(at), id])) === 1;
  }

  async earlierUnprocessed(platform: string, chatId: string, beforeId: number, since: Date) {
    const r = await this.db.inboundMessage.findFirst({ where: { platform, chatId, processedAt: null, id: { lt: beforeId }, createdAt: { gte: since } }, select: { id: true } });
    return r !== null;
  }

  count() {
    return this.db.inboundMessage.count();
  }

  countUnprocessed() {
    return this.db.inboundMessage.count({ where: { processedAt: null } });
  }
}
