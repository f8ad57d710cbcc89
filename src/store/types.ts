// Domain records and store interfaces. No Prisma types leak past src/store/prisma.

export const ROLES = ['resident', 'staff', 'lead', 'supervisor', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export interface Person {
  id: number;
  name: string;
  role: Role;
  team: string | null;
  wecomUserId: string | null;
  dingtalkUserId: string | null;
  phone: string | null;
  active: boolean;
}

export type PersonInput = Omit<Person, 'id' | 'active'>;

export interface PeopleStore {
  byId(id: number): Promise<Person | null>;
  /** Name, WeCom user id or DingTalk user id. */
  find(ref: string): Promise<Person | null>;
  byPlatformId(platform: 'wecom' | 'dingtalk', userId: string): Promise<Person | null>;
  byRole(role: Role, team?: string | null): Promise<Person[]>;
  list(): Promise<Person[]>;
  /** Inserts or updates by platform user id (else by name), all in one transaction. */
  upsertMany(rows: PersonInput[]): Promise<{ created: number; updated: number }>;
  create(row: PersonInput): Promise<Person>;
}

export interface InboundRecord {
  platform: string;
  msgId: string;
  chatId?: string;
  chatType?: string;
  senderId?: string;
  text?: string;
  attachments?: string;
  receivedAt: Date;
}

export interface InboundStore {
  /** Inserts the row; `duplicate` when (platform, msgId) already exists. */
  record(row: InboundRecord): Promise<{ id: number; duplicate: boolean }>;
  markProcessed(id: number, at: Date, error?: string): Promise<void>;
  count(): Promise<number>;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxRow {
  id: number;
  dedupeKey: string;
  channel: string;
  recipient: string;
  personId: number | null;
  title: string | null;
  text: string;
  format: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  giveUpAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

export interface OutboxInput {
  dedupeKey: string;
  channel: string;
  recipient: string;
  personId?: number | null;
  title?: string | null;
  text: string;
  format?: 'text' | 'markdown';
  nextAttemptAt: Date;
  giveUpAt?: Date | null;
}

export interface OutboxStore {
  /** Inserts rows whose dedupe key is new; returns how many were inserted. */
  enqueue(rows: OutboxInput[]): Promise<number>;
  /** Pending rows due at `now`, oldest first. */
  due(now: Date, limit: number): Promise<OutboxRow[]>;
  /** Pending rows for one channel/recipient regardless of due time, oldest first (console inbox). */
  pendingFor(channel: string, recipient: string): Promise<OutboxRow[]>;
  markSent(id: number, at: Date): Promise<void>;
  markRetry(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Cancels pending rows whose dedupe key starts with the prefix. */
  cancelPrefix(prefix: string): Promise<number>;
  list(filter?: { status?: OutboxStatus }): Promise<OutboxRow[]>;
}

export interface TokenStore {
  get(key: string): Promise<{ value: string; expiresAt: Date } | null>;
  put(key: string, value: string, expiresAt: Date): Promise<void>;
  drop(key: string): Promise<void>;
}

export interface CursorStore {
  get(key: string): Promise<string | null>;
  put(key: string, cursor: string): Promise<void>;
}

export type ItemType = 'ticket' | 'leave' | 'handover' | 'drill';
/** response: first response/reply; arrival; resolve; followup (working days); approval (leave); confirm (handover 接班); due (drill). */
export type ClockName = 'response' | 'arrival' | 'resolve' | 'followup' | 'approval' | 'confirm' | 'due';

export interface SlaClockRow {
  id: number;
  itemType: ItemType;
  itemId: number;
  clock: ClockName;
  startedAt: Date;
  dueAt: Date;
  nextLevel: number;
  nextFireAt: Date | null;
  active: boolean;
  pausedAt: Date | null;
  metAt: Date | null;
}

export interface SlaClockStore {
  /** Starts or restarts the clock (item, clock): resets its level, next fire time and met/paused state. */
  upsert(row: Pick<SlaClockRow, 'itemType' | 'itemId' | 'clock' | 'startedAt' | 'dueAt' | 'nextFireAt'>): Promise<SlaClockRow>;
  get(itemType: ItemType, itemId: number, clock: ClockName): Promise<SlaClockRow | null>;
  forItem(itemType: ItemType, itemId: number): Promise<SlaClockRow[]>;
  /** Stops the clock (met or no longer relevant). */
  stop(itemType: ItemType, itemId: number, clock: ClockName, at: Date, met: boolean): Promise<void>;
  update(id: number, data: Partial<Pick<SlaClockRow, 'nextLevel' | 'nextFireAt' | 'active' | 'pausedAt' | 'dueAt' | 'startedAt'>>): Promise<void>;
  /** Active clocks whose next alert is due at `now` (uses the (active, nextFireAt) index). */
  dueAt(now: Date, limit: number): Promise<SlaClockRow[]>;
}
