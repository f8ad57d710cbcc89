import type { CursorStore, TokenStore } from '../types/index.js';
import type { Db } from './client.js';

export class PrismaTokenStore implements TokenStore {
  constructor(private readonly db: Db) {}
  async get(key: string) {
    const r = await this.db.platformToken.findUnique({ where: { key } });
    return r ? { value: r.value, expiresAt: r.expiresAt } : null;
  }
  async put(key: string, value: string, expiresAt: Date) {
    await this.db.platformToken.upsert({ where: { key }, create: { key, value, expiresAt }, update: { value, expiresAt } });
  }
  async drop(key: string) {
    await this.db.platformToken.deleteMany({ where: { key } });
  }
}

export class PrismaCursorStore implements CursorStore {
  constructor(private readonly db: Db) {}
  async get(key: string) {
    return (await this.db.syncCursor.findUnique({ where: { key } }))?.cursor ?? null;
  }
  async put(key: string, cursor: string) {
    await this.db.syncCursor.upsert({ where: { key }, create: { key, cursor }, update: { cursor } });
  }
}
