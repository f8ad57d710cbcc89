// Domain records and store interfaces, one file per aggregate. No Prisma type leaks past src/store/prisma.
export * from './calendar.js';
export * from './drills.js';
export * from './duty-log.js';
export * from './handovers.js';
export * from './inbound.js';
export * from './job-ticks.js';
export * from './kv.js';
export * from './leave.js';
export * from './media.js';
export * from './outbox.js';
export * from './patrols.js';
export * from './people.js';
export * from './properties.js';
export * from './reports.js';
export * from './roster.js';
export * from './sla-clocks.js';
export * from './tickets.js';
export * from './web.js';
export * from './dashboard.js';

import type { CalendarStore } from './calendar.js';
import type { DrillStore } from './drills.js';
import type { DutyLogStore } from './duty-log.js';
import type { HandoverStore } from './handovers.js';
import type { InboundStore } from './inbound.js';
import type { JobTickStore } from './job-ticks.js';
import type { CursorStore, TokenStore } from './kv.js';
import type { LeaveStore } from './leave.js';
import type { TicketMediaStore } from './media.js';
import type { OutboxStore } from './outbox.js';
import type { PatrolStore } from './patrols.js';
import type { PeopleStore } from './people.js';
import type { PropertyStore } from './properties.js';
import type { ReportStore } from './reports.js';
import type { RosterStore } from './roster.js';
import type { SlaClockStore } from './sla-clocks.js';
import type { TicketStore } from './tickets.js';
import type { WebSessionStore } from './web.js';
import type { DashboardStore } from './dashboard.js';

/** Every store, bound to one connection or one transaction. */
export interface Stores {
  people: PeopleStore;
  inbound: InboundStore;
  outbox: OutboxStore;
  tokens: TokenStore;
  cursors: CursorStore;
  slaClocks: SlaClockStore;
  tickets: TicketStore;
  /** Photos and voice on tickets (the rows; the files are in a MediaStore). */
  ticketMedia: TicketMediaStore;
  leave: LeaveStore;
  handovers: HandoverStore;
  drills: DrillStore;
  /** Patrol rounds (巡查). */
  patrols: PatrolStore;
  /** 值班日志 sign-offs and the monthly spot-check sample. */
  dutyLog: DutyLogStore;
  calendar: CalendarStore;
  properties: PropertyStore;
  roster: RosterStore;
  /** Read-only figures for the reports and exports (#14). */
  reports: ReportStore;
  /** #14 the dashboard's sign-in links and sessions. */
  web: WebSessionStore;
  /** #14 the dashboard's lists and figures. */
  dashboard: DashboardStore;
  /** #15 cron ticks claimed across instances (src/scheduler.ts). */
  jobTicks: JobTickStore;
}

/** The database as the rest of the program sees it: stores, transactions, and the migrations for /readyz. */
export interface Database {
  stores: Stores;
  /** Runs fn with stores bound to one transaction: all its writes land together or not at all. */
  transaction<T>(fn: (stores: Stores) => Promise<T>): Promise<T>;
  /**
   * #15 Runs fn for each item in one transaction, each item inside a savepoint: an item whose fn throws is rolled back
   * alone and handed to onError (still inside the transaction), the others commit together. Rejects only when the
   * transaction itself fails (nothing of it is written then).
   */
  eachInTransaction<T>(items: readonly T[], fn: (item: T, stores: Stores) => Promise<void>, onError: (item: T, err: unknown, stores: Stores) => Promise<void>): Promise<void>;
  /** Names of the migrations applied to this database (throws when it cannot be reached). */
  appliedMigrations(): Promise<string[]>;
  close(): Promise<void>;
}
