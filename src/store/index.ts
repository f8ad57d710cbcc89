// createStores(db): one bundle of stores over a client or a transaction.
import type { Db, PrismaClient } from './prisma/client.js';
import { PrismaInboundStore } from './prisma/inbound.js';
import { PrismaCursorStore, PrismaTokenStore } from './prisma/kv.js';
import { PrismaOutboxStore } from './prisma/outbox.js';
import { PrismaPeopleStore } from './prisma/people.js';
import { PrismaSlaClockStore } from './prisma/sla-clocks.js';
import { PrismaTicketStore } from './prisma/tickets.js';
import { PrismaLeaveStore } from './prisma/leave.js';
import { PrismaHandoverStore } from './prisma/handovers.js';
import { PrismaDrillStore } from './prisma/drills.js';

export function createStores(db: Db) {
  return {
    people: new PrismaPeopleStore(db),
    inbound: new PrismaInboundStore(db),
    outbox: new PrismaOutboxStore(db),
    tokens: new PrismaTokenStore(db),
    cursors: new PrismaCursorStore(db),
    slaClocks: new PrismaSlaClockStore(db),
    tickets: new PrismaTicketStore(db),
    leave: new PrismaLeaveStore(db),
    handovers: new PrismaHandoverStore(db),
    drills: new PrismaDrillStore(db),
  };
}

export type Stores = ReturnType<typeof createStores>;

/** Runs fn with stores bound to one transaction: all its writes land together or not at all. */
export function withTransaction<T>(prisma: PrismaClient, fn: (stores: Stores) => Promise<T>): Promise<T> {
  return prisma.$transaction((tx) => fn(createStores(tx)), { timeout: 15_000, maxWait: 15_000 });
}
