import type { ChatBinding, Property, PropertyStore } from '../types/index.js';
import type { Db } from './client.js';

const splitAliases = (s: string) => s.split(',').map((a) => a.trim()).filter(Boolean);
const toProperty = (r: { id: number; name: string; aliases: string }): Property => ({ id: r.id, name: r.name, aliases: splitAliases(r.aliases) });

/** Replaces the properties a person serves (none: every one); also used by the people import. */
export async function replaceServed(db: Db, personId: number, propertyIds: readonly number[]): Promise<void> {
  await db.personProperty.deleteMany({ where: { personId } });
  if (propertyIds.length) await db.personProperty.createMany({ data: [...new Set(propertyIds)].map((propertyId) => ({ personId, propertyId })) });
}

export class PrismaPropertyStore implements PropertyStore {
  constructor(private readonly db: Db) {}

  async list() {
    return (await this.db.property.findMany({ orderBy: { id: 'asc' } })).map(toProperty);
  }

  async byId(id: number) {
    const r = await this.db.property.findUnique({ where: { id } });
    return r ? toProperty(r) : null;
  }

  async byName(name: string) {
    const r = await this.db.property.findUnique({ where: { name: name.trim() } });
    return r ? toProperty(r) : null;
  }

  async upsert(name: string, aliases: readonly string[]) {
    const a = aliases.join(',');
    return toProperty(await this.db.property.upsert({ where: { name }, create: { name, aliases: a }, update: { aliases: a } }));
  }

  async rename(id: number, name: string, aliases: readonly string[]) {
    return toProperty(await this.db.property.update({ where: { id }, data: { name, aliases: aliases.join(',') } }));
  }

  async bindingOf(platform: string, chatId: string) {
    return this.db.chatBinding.findUnique({ where: { platform_chatId: { platform, chatId } }, select: { platform: true, chatId: true, propertyId: true, boundById: true, boundAt: true } });
  }

  async bind(b: ChatBinding) {
    const data = { propertyId: b.propertyId, boundById: b.boundById, boundAt: b.boundAt };
    await this.db.chatBinding.upsert({ where: { platform_chatId: { platform: b.platform, chatId: b.chatId } }, create: { platform: b.platform, chatId: b.chatId, ...data }, update: data });
  }

  async bindingsFor(propertyId: number) {
    return this.db.chatBinding.findMany({ where: { propertyId }, orderBy: { id: 'asc' }, select: { platform: true, chatId: true, propertyId: true, boundById: true, boundAt: true } });
  }

  setServed(personId: number, propertyIds: readonly number[]) {
    return replaceServed(this.db, personId, propertyIds);
  }
}
