// #15 Directory reads (people, properties, chat bindings) are remembered for one transaction (read-cache.ts): the
// messages of a batch read the same sender, lead and property list without asking the database again. What must hold:
// a write through the stores is seen by the next read of the same batch, a failed item's rollback takes its reads
// with it, and stores outside a transaction remember nothing.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type PrismaDatabase } from '../../src/store/prisma/database.js';
import { freshDbFile } from '../helpers/app.js';
import { forEachDatabase, freshPostgresUrl } from '../helpers/postgres.js';

const dbs: PrismaDatabase[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.close();
});

forEachDatabase('directory reads remembered within a transaction', (provider) => {
  async function fresh(): Promise<PrismaDatabase> {
    const db = await openDatabase(provider === 'postgresql' ? await freshPostgresUrl() : `file:${freshDbFile()}`);
    dbs.push(db);
    return db;
  }

  it('a later item of the batch sees what an earlier item wrote through the stores', async () => {
    const db = await fresh();
    const lead = await db.stores.people.create({ name: '缓存组长', role: 'lead', team: '工程', phone: null, accounts: { console: 'cache-lead' } });
    const seen: Array<{ team: string[]; account: string | null; active: boolean | undefined }> = [];
    await db.eachInTransaction(
      ['read', 'move', 'read', 'stop', 'read'],
      async (step, s) => {
        if (step === 'move') await s.people.update(lead.id, { team: '保洁' });
        if (step === 'stop') await s.people.update(lead.id, { active: false });
        if (step === 'read') {
          const team = (await s.people.byRole('lead', '工程')).map((p) => p.name);
          const byAccount = await s.people.byAccount('console', 'cache-lead');
          seen.push({ team, account: byAccount?.team ?? null, active: (await s.people.byId(lead.id))?.active });
        }
      },
      async () => {},
    );
    expect(seen).toEqual([
      { team: ['缓存组长'], account: '工程', active: true },
      { team: [], account: '保洁', active: true },
      { team: [], account: '保洁', active: false },
    ]);
  });

  it("a failed item's rollback forgets what it read: the next item does not see its rolled-back rows", async () => {
    const db = await fresh();
    const property = await db.stores.properties.upsert('缓存花园', []);
    const found: Array<string | null> = [];
    const failures: string[] = [];
    await db.eachInTransaction(
      ['fail', 'after'],
      async (step, s) => {
        if (step === 'fail') {
          const made = await s.people.create({ name: '回滚的人', role: 'staff', team: '工程', phone: null, accounts: { console: 'rolled-back' } });
          // Read after the write: remembered, then undone by the rollback below.
          expect((await s.people.byAccount('console', 'rolled-back'))?.id).toBe(made.id);
          await s.properties.bind({ platform: 'console', chatId: 'g-rollback', propertyId: property.id, boundById: made.id, boundAt: new Date() });
          expect((await s.properties.bindingOf('console', 'g-rollback'))?.propertyId).toBe(property.id);
          throw new Error('item failed');
        }
        found.push((await s.people.byAccount('console', 'rolled-back'))?.name ?? null);
        found.push((await s.properties.bindingOf('console', 'g-rollback'))?.chatId ?? null);
      },
      async (_step, err) => {
        failures.push((err as Error).message);
      },
    );
    expect(failures).toEqual(['item failed']);
    expect(found).toEqual([null, null]);
    expect(await db.prisma.person.count({ where: { name: '回滚的人' } })).toBe(0);
  });

  it('the property list and bindings read in a transaction follow its own writes', async () => {
    const db = await fresh();
    const names = await db.transaction(async (s) => {
      const before = (await s.properties.list()).map((p) => p.name);
      await s.properties.upsert('新建小区', ['新建']);
      const after = (await s.properties.list()).map((p) => p.name);
      return { before, after };
    });
    expect(names.after).toEqual([...names.before, '新建小区']);
  });

  it('stores outside a transaction remember nothing: a change committed elsewhere is read at once', async () => {
    const db = await fresh();
    const p = await db.stores.people.create({ name: '外部修改', role: 'staff', team: '工程', phone: null, accounts: { console: 'outside' } });
    expect((await db.stores.people.byAccount('console', 'outside'))?.team).toBe('工程');
    await db.prisma.person.update({ where: { id: p.id }, data: { team: '秩序' } });
    expect((await db.stores.people.byAccount('console', 'outside'))?.team).toBe('秩序');
    expect((await db.stores.people.byId(p.id))?.team).toBe('秩序');
  });
});

// Counted on SQLite, where every statement goes through better-sqlite3 (PostgreSQL runs the same store code).
describe('directory reads remembered within a transaction: statements (SQLite)', () => {
  it('the items of a batch read the sender, the lead and the property list once', async () => {
    const db = await openDatabase(`file:${freshDbFile()}`);
    dbs.push(db);
    await db.stores.people.create({ name: '常客', role: 'staff', team: '工程', phone: null, accounts: { console: 'regular' } });
    // Every SQLite statement executed while the batch runs, by its SQL text.
    const probe = new Database(':memory:');
    const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
    probe.close();
    const texts: string[] = [];
    const originals = Object.fromEntries(['run', 'all', 'get'].map((m) => [m, proto[m]!]));
    for (const m of Object.keys(originals)) {
      proto[m] = function (this: { source: string }, ...a: unknown[]) {
        texts.push(this.source);
        return originals[m]!.apply(this, a);
      };
    }
    try {
      await db.eachInTransaction(
        [1, 2, 3],
        async (_i, s) => {
          await s.people.byAccount('console', 'regular');
          await s.people.byRole('lead', '工程');
          await s.people.anyVerified(['staff', 'lead'], '工程');
          await s.properties.list();
          await s.properties.bindingOf('console', 'g-1');
        },
        async () => {},
      );
    } finally {
      Object.assign(proto, originals);
    }
    const reads = texts.filter((t) => /^\s*SELECT/i.test(t));
    expect(reads.filter((t) => t.includes('"PersonAccount" x'))).toHaveLength(1);
    expect(reads.filter((t) => t.includes('FROM "Property"'))).toHaveLength(1);
    expect(reads.filter((t) => t.includes('FROM "ChatBinding"'))).toHaveLength(1);
    expect(reads.filter((t) => t.includes('LIMIT 1') && t.includes('"verified"'))).toHaveLength(1);
    expect(reads).toHaveLength(5);
  });
});
