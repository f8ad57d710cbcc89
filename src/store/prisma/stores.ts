// One bundle of Prisma stores over a client or a transaction.
import type { Stores } from '../types/index.js';
import { PrismaCalendarStore } from './calendar.js';
import type { Db } from './client.js';
import { PrismaDrillStore } from './drills.js';
import { PrismaDutyLogStore } from './duty-log.js';
import { PrismaHandoverStore } from './handovers.js';
import { PrismaInboundStore } from './inbound.js';
import { PrismaJobTickStore } from './job-ticks.js';
import { PrismaCursorStore, PrismaTokenStore } from './kv.js';
import { PrismaLeaveStore } from './leave.js';
import { PrismaTicketMediaStore } from './media.js';
import { PrismaOutboxStore } from './outbox.js';
import { PrismaPatrolStore } from './patrols.js';
import { PrismaPeopleStore } from './people.js';
import { PrismaPropertyStore } from './properties.js';
import { PrismaReportStore } from './reports.js';
import { PrismaRosterStore } from './roster.js';
import { PrismaSlaClockStore } from './sla-clocks.js';
import { PrismaTicketStore } from './tickets.js';
import { PrismaWebSessionStore } from './web-sessions.js';
import { PrismaDashboardStore } from './dashboard.js';
import { NO_CACHE, type ReadCache } from './read-cache.js';

/** `cache`: directory reads remembered for one unit of work (read-cache.ts); only for stores over a transaction. */
export function createStores(db: Db, cache: ReadCache = NO_CACHE): Stores {
  return {
    people: new PrismaPeopleStore(db, cache),
    inbound: new PrismaInboundStore(db),
    outbox: new PrismaOutboxStore(db),
    tokens: new PrismaTokenStore(db),
    cursors: new PrismaCursorStore(db),
    slaClocks: new PrismaSlaClockStore(db),
    tickets: new PrismaTicketStore(db),
    ticketMedia: new PrismaTicketMediaStore(db),
    leave: new PrismaLeaveStore(db),
    handovers: new PrismaHandoverStore(db),
    drills: new PrismaDrillStore(db),
    patrols: new PrismaPatrolStore(db),
    dutyLog: new PrismaDutyLogStore(db),
    calendar: new PrismaCalendarStore(db),
    properties: new PrismaPropertyStore(db, cache),
    roster: new PrismaRosterStore(db),
    reports: new PrismaReportStore(db),
    web: new PrismaWebSessionStore(db),
    dashboard: new PrismaDashboardStore(db),
    jobTicks: new PrismaJobTickStore(db),
  };
}
