import { afterAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../../src/store/prisma/client.js';
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
