import type { ChatBinding, Property, PropertyStore } from '../types/index.js';
import type { Db } from './client.js';
import { rawSql } from './dialect.js';
import { sqlRows } from './direct-sql.js';
import { NO_CACHE, type ReadCache } from './read-cache.js';
import { toDate, toInt, toIntOrNull } from './row-values.js';

const splitAliases = (s: string) => s.split(',').map((a) => a.trim()).filter(Boolean);
const toProperty = (r: { id: number; name: string; aliases: string }): Property => ({ id: r.id, name: r.name, aliases: splitAliases(r.aliases) });

/** Replaces the properties a person serves (none: every one); also used by the people import. */
export async function replaceServed(db: Db, personId: number, propertyIds: readonly number[]): Promise<void> {
  await db.personProperty.deleteMany({ where: { personId } });
  if (propertyIds.length) await db.personProperty.createMany({ data: [...new Set(propertyIds)].map((propertyId) => ({ personId, propertyId })) });
}

const bindingFromRow = (r: Record<string, unknown>): ChatBinding => ({
  platform: r.platform as string,
  chatId: r.chatId as string,
  propertyId: toInt(r.propertyId),
  boundById: toIntOrNull(r.boundById),
  boundAt: toDate(r.boundAt),
});

export class PrismaPropertyStore implements PropertyStore {
  constructor(
    private readonly db: Db,
    private readonly cache: ReadCache = NO_CACHE,
  ) {}

  list() {
    return this.cache.read('properties', async () => {
      const rows = await sqlRows<{ id: number; name: string; aliases: string }>(this.db, 'SELECT "id", "name", "aliases" FROM "Property" ORDER BY "id"', []);
      return rows.map((r) => toProperty({ ...r, id: Number(r.id) }));
    });
  }

  async byId(id: number) {
    const r = await this.db.property.findUnique({ where: { id } });
    return r ? toProperty(r) : null;
  }

  async byName(name: string) {
    const r = await this.db.property.findUnique({ where: { name: name.trim() } });
    return r ? toProperty(r) : null;
  }

  upsert(name: string, aliases: readonly string[]) {
    const a = aliases.join(',');
    return this.cache.write(async () => toProperty(await this.db.property.upsert({ where: { name }, create: { name, aliases: a }, update: { aliases: a } })));
  }

  rename(id: number, name: string, aliases: readonly string[]) {
    return this.cache.write(async () => toProperty(await this.db.property.update({ where: { id }, data: { name, aliases: aliases.join(',') } })));
  }

  bindingOf(platform: string, chatId: string) {
    return this.cache.read(`binding:${JSON.stringify([platform, chatId])}`, async () => {
      const q = rawSql(this.db);
      const [r] = await sqlRows<Record<string, unknown>>(this.db, q.text('SELECT "platform", "chatId", "propertyId", "boundById", "boundAt" FROM "ChatBinding" WHERE "platform" = ? AND "chatId" = ?'), [platform, chatId]);
      return r ? bindingFromRow(r) : null;
    });
  }

  bind(b: ChatBinding) {
    const data = { propertyId: b.propertyId, boundById: b.boundById, boundAt: b.boundAt };
    return this.cache.write(async () => {
      await this.db.chatBinding.upsert({ where: { platform_chatId: { platform: b.platform, chatId: b.chatId } }, create: { platform: b.platform, chatId: b.chatId, ...data }, update: data });
    });
  }

  bindingsFor(propertyId: number) {
    return this.cache.read(`bindings:${propertyId}`, async () => {
      const q = rawSql(this.db);
      const rows = await sqlRows<Record<string, unknown>>(this.db, q.text('SELECT "platform", "chatId", "propertyId", "boundById", "boundAt" FROM "ChatBinding" WHERE "propertyId" = ? ORDER BY "id"'), [propertyId]);
      return rows.map(bindingFromRow);
    });
  }

  setServed(personId: number, propertyIds: readonly number[]) {
    return this.cache.write(() => replaceServed(this.db, personId, propertyIds));
  }
}
