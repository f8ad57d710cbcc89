// Inbound rows are written by the dispatcher's group commit (inbound-batcher.ts → bulk.ts insertInbound).
import type { InboundStore } from '../types.js';
import type { Db } from './client.js';

export class PrismaInboundStore implements InboundStore {
  constructor(private readonly db: Db) {}

  async markProcessed(id: number, at: Date, error?: string) {
    await this.db.inboundMessage.update({ where: { id }, data: { processedAt: at, error: error ?? null } });
  }

  count() {
    return this.db.inboundMessage.count();
  }
}
