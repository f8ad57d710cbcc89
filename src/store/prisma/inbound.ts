import type { InboundRecord, InboundStore } from '../types.js';
import { isUniqueViolation, type Db } from './client.js';

export class PrismaInboundStore implements InboundStore {
  constructor(private readonly db: Db) {}

  async record(row: InboundRecord) {
    try {
      const created = await this.db.inboundMessage.create({ data: row, select: { id: true } });
      return { id: created.id, duplicate: false };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const existing = await this.db.inboundMessage.findUniqueOrThrow({ where: { platform_msgId: { platform: row.platform, msgId: row.msgId } }, select: { id: true } });
      return { id: existing.id, duplicate: true };
    }
  }

  async markProcessed(id: number, at: Date, error?: string) {
    await this.db.inboundMessage.update({ where: { id }, data: { processedAt: at, error: error ?? null } });
  }

  count() {
    return this.db.inboundMessage.count();
  }
}
