import type { Accounts, Person, PersonInput, PersonPatch, PeopleStore, Role } from '../types/index.js';
import type { Db, PrismaClient } from './client.js';
import { rawSql } from './dialect.js';
import { sqlRows } from './direct-sql.js';
import { readPeople, roleFilter } from './people-read.js';
import { NO_CACHE, type ReadCache } from './read-cache.js';
import { replaceServed } from './properties.js';

type Row = { id: number; name: string; role: string; team: string | null; phone: string | null; active: boolean; verified: boolean; accounts: Array<{ provider: string; externalId: string }>; properties: Array<{ propertyId: number }> };
const withAccounts = {
  accounts: { select: { provider: true, externalId: true }, orderBy: { id: 'asc' as const } },
  properties: { select: { propertyId: true }, orderBy: { propertyId: 'asc' as const } },
};

const toPerson = ({ accounts, properties, ...r }: Row): Person => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  team: r.team,
  phone: r.phone,
  active: r.active,
  verified: r.verified,
  accounts: Object.fromEntries(accounts.map((a) => [a.provider, a.externalId])),
  properties: properties.map((p) => p.propertyId),
});

const accountRows = (accounts: Accounts | undefined) => Object.entries(accounts ?? {}).filter(([, id]) => id).map(([provider, externalId]) => ({ provider, externalId }));

export class PrismaPeopleStore implements PeopleStore {
  constructor(
    private readonly db: Db,
    private readonly cache: ReadCache = NO_CACHE,
  ) {}

  byId(id: number) {
    return this.cache.read(`person:${id}`, async () => (await readPeople(this.db, 'p."id" = ?', [id]))[0] ?? null);
  }

  async byIds(ids: readonly number[]) {
    if (!ids.length) return [];
    return (await this.db.person.findMany({ where: { id: { in: [...ids] } }, include: withAccounts, orderBy: { id: 'asc' } })).map(toPerson);
  }

  async find(ref: string) {
    const key = ref.trim();
    if (/^\d+$/.test(key)) {
      const byId = await this.byId(Number(key));
      if (byId) return byId;
    }
    const byAccount = await this.db.person.findFirst({ where: { accounts: { some: { externalId: key } }, active: true }, orderBy: { id: 'asc' }, include: withAccounts });
    if (byAccount) return toPerson(byAccount);
    const named = await this.db.person.findMany({ where: { name: key, active: true, verified: true }, take: 2, include: withAccounts });
    return named.length === 1 ? toPerson(named[0]!) : null;
  }

  async named(name: string) {
    const rows = await this.db.person.findMany({ where: { name: name.trim(), active: true }, orderBy: [{ verified: 'desc' }, { id: 'asc' }], include: withAccounts });
    return rows.map(toPerson);
  }

  async inactiveNamed(name: string) {
    const rows = await this.db.person.findMany({ where: { name: name.trim(), active: false }, orderBy: { id: 'asc' }, include: withAccounts });
    return rows.map(toPerson);
  }

  update(id: number, patch: PersonPatch) {
    return this.cache.write(async () => toPerson(await this.db.person.update({ where: { id }, data: patch, include: withAccounts })));
  }

  byAccount(provider: string, externalId: string) {
    return this.cache.read(`account:${JSON.stringify([provider, externalId])}`, async () => {
      const [found = null] = await readPeople(this.db, 'p."id" = (SELECT x."personId" FROM "PersonAccount" x WHERE x."provider" = ? AND x."externalId" = ?)', [provider, externalId]);
      if (found) this.cache.remember(`person:${found.id}`, found);
      return found;
    });
  }

  byRole(role: Role, team?: string | null, propertyId?: number | null) {
    return this.cache.read(`role:${JSON.stringify([role, team ?? null, propertyId ?? null])}`, async () => {
      const { where, params } = roleFilter(this.db, role, team, propertyId);
      const found = await readPeople(this.db, where, params);
      for (const p of found) this.cache.remember(`person:${p.id}`, p);
      return found;
    });
  }

  anyVerified(roles: readonly Role[], team: string) {
    return this.cache.read(`verified:${JSON.stringify([roles, team])}`, async () => {
      const q = rawSql(this.db);
      const sql = `SELECT 1 FROM "Person" WHERE "role" IN (${roles.map(() => '?').join(', ')}) AND "team" = ? AND "active" = ? AND "verified" = ? LIMIT 1`;
      const rows = await sqlRows(this.db, q.text(sql), [...roles, team, q.bool(true), q.bool(true)]);
      return rows.length > 0;
    });
  }

  async list() {
    return (await this.db.person.findMany({ orderBy: { id: 'asc' }, include: withAccounts })).map(toPerson);
  }

  create(row: PersonInput) {
    return this.cache.write(async () => {
      const { accounts, properties, ...data } = row;
      const made = await this.db.person.create({ data: { ...data, accounts: { create: accountRows(accounts) } }, include: withAccounts });
      if (!properties?.length) return toPerson(made);
      await replaceServed(this.db, made.id, properties);
      return (await this.byId(made.id))!;
    });
  }

  upsertMany(rows: PersonInput[]) {
    return this.cache.write(() => this.upsertRows(rows));
  }

  private async upsertRows(rows: PersonInput[]) {
    const run = async (db: Db) => {
      let created = 0;
      let updated = 0;
      const done: number[] = [];
      for (const { accounts, properties, ...row } of rows) {
        const ids = accountRows(accounts);
        const existing = ids.length
          ? (await db.personAccount.findFirst({ where: { OR: ids }, select: { personId: true } }))?.personId
          : (await db.person.findFirst({ where: { name: row.name, accounts: { none: {} } }, select: { id: true } }))?.id;
        if (existing) {
          await db.person.update({ where: { id: existing }, data: { ...row, active: row.active ?? true, verified: true } });
          if (properties) await replaceServed(db, existing, properties);
          // One account per provider: a new id for the provider replaces the old one.
          for (const a of ids) {
            await db.personAccount.deleteMany({ where: { personId: existing, provider: a.provider, NOT: { externalId: a.externalId } } });
            await db.personAccount.upsert({ where: { provider_externalId: a }, create: { ...a, personId: existing }, update: { personId: existing } });
          }
          updated++;
          done.push(existing);
        } else {
          const made = await db.person.create({ data: { ...row, accounts: { create: ids } } });
          if (properties) await replaceServed(db, made.id, properties);
          created++;
          done.push(made.id);
        }
      }
      return { created, updated, ids: done };
    };
    return '$transaction' in this.db ? (this.db as PrismaClient).$transaction((tx) => run(tx)) : run(this.db);
  }
}
