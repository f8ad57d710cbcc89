import { afterAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../../src/store/prisma/client.js';
import { openDatabase, type PrismaDatabase } from '../../src/store/prisma/database.js';
import { deployMigrations } from '../../src/store/migrate/engine.js';
import { freshDbFile } from '../helpers/app.js';
import { sleep } from '../helpers/async.js';

describe('one SQLite connection shared by transactions and plain queries', () => {
  const clients: Array<{ $disconnect(): Promise<void> }> = [];
  afterAll(async () => {
    for (const p of clients) await p.$disconnect();
  });

  it('a write made while another transaction is open survives that transaction rolling back', async () => {
    const prisma = await createPrisma(`file:${freshDbFile()}`);
    clients.push(prisma);
    let inside!: () => void;
    const opened = new Promise<void>((r) => (inside = r));
    const failing = prisma.$transaction(async (tx) => {
      await tx.person.create({ data: { name: '回滚的人', role: 'staff' } });
      inside();
      await sleep(50);
      throw new Error('handler failed');
    });
    await opened;
    // Prisma promises are lazy: .then() starts the query now, while the transaction is open.
    const plain = prisma.inboundMessage.create({ data: { platform: 'console', msgId: 'm-1', receivedAt: new Date() } }).then((row) => row);
    await sleep(10);
    await expect(failing).rejects.toThrow('handler failed');
    await plain;
    expect(await prisma.person.count({ where: { name: '回滚的人' } })).toBe(0);
    expect(await prisma.inboundMessage.count({ where: { msgId: 'm-1' } })).toBe(1);
  });

  it('plain reads and writes keep their order around transactions', async () => {
    const prisma = await createPrisma(`file:${freshDbFile()}`);
    clients.push(prisma);
    const work = [];
    for (let i = 0; i < 20; i++) {
      work.push(i % 2 ? prisma.inboundMessage.create({ data: { platform: 'console', msgId: `p-${i}`, receivedAt: new Date() } }) : prisma.$transaction(async (tx) => tx.inboundMessage.create({ data: { platform: 'console', msgId: `t-${i}`, receivedAt: new Date() } })));
    }
    await Promise.all(work);
    expect(await prisma.inboundMessage.count()).toBe(20);
  });
});

describe('hand-written SQL straight on the SQLite connection (direct-sql.ts)', () => {
  const dbs: PrismaDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.close();
  });

  async function freshDatabase() {
    const url = `file:${freshDbFile()}`;
    await deployMigrations(url);
    const db = await openDatabase(url);
    dbs.push(db);
    const [id] = (await db.stores.inbound.recordMany([{ platform: 'console', msgId: 'd-1', receivedAt: new Date() }], new Date())) as number[];
    return { db, id: id! };
  }

  it('runs inside an open transaction and rolls back with it', async () => {
    const { db, id } = await freshDatabase();
    await expect(
      db.transaction(async (stores) => {
        expect(await stores.inbound.claim(id, new Date())).toBe(true);
        expect(await stores.inbound.claim(id, new Date())).toBe(false); // sees its own write
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect((await db.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })).processedAt).toBeNull();
  });

  it('a plain statement waits for another open transaction instead of joining it', async () => {
    const { db, id } = await freshDatabase();
    let inside!: () => void;
    const opened = new Promise<void>((r) => (inside = r));
    const failing = db.transaction(async (stores) => {
      await stores.properties.upsert('回滚的项目', []);
      inside();
      await sleep(50);
      throw new Error('handler failed');
    });
    await opened;
    const plain = db.stores.inbound.claim(id, new Date());
    await expect(failing).rejects.toThrow('handler failed');
    expect(await plain).toBe(true);
    expect((await db.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })).processedAt).not.toBeNull();
    expect(await db.stores.properties.byName('回滚的项目')).toBeNull();
  });

  it('reads rows with the same values as Prisma (dates, booleans, numbers)', async () => {
    const { db } = await freshDatabase();
    const at = new Date('2026-12-01T08:30:00.000Z');
    const made = await db.stores.tickets.create({ kind: 'repair', status: 'pending', description: '灯不亮', urgent: true, team: '工程' }, { actorId: null, action: 'created', at });
    const read = await db.stores.tickets.get(made.id);
    expect(made).toEqual(read);
    expect(made.createdAt).toEqual(at);
    expect(made.urgent).toBe(true);
    const clock = await db.stores.slaClocks.upsert({ itemType: 'ticket', itemId: made.id, clock: 'response', startedAt: at, dueAt: new Date(at.getTime() + 1800_000), nextFireAt: null });
    expect(clock).toEqual(await db.stores.slaClocks.get('ticket', made.id, 'response'));
    expect(clock.active).toBe(true);
  });
});
