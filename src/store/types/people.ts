// The people directory: staff and residents, each with the accounts they use on the chat platforms.

export const ROLES = ['resident', 'staff', 'lead', 'supervisor', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Platform accounts of a person: provider → external id (e.g. a chat platform's user id). The provider
 * names belong to the channel modules under src/bot/<platform>/; the directory only stores them.
 */
export type Accounts = Readonly<Record<string, string>>;

export interface Person {
  id: number;
  name: string;
  role: Role;
  team: string | null;
  phone: string | null;
  active: boolean;
  accounts: Accounts;
}

export type PersonInput = Omit<Person, 'id' | 'active' | 'accounts'> & { accounts?: Accounts };

export interface PeopleStore {
  byId(id: number): Promise<Person | null>;
  byIds(ids: readonly number[]): Promise<Person[]>;
  /** Name, person number or any account id; active people only (the lowest id wins a shared name). */
  find(ref: string): Promise<Person | null>;
  /** The person who owns the account (active or not). */
  byAccount(provider: string, externalId: string): Promise<Person | null>;
  byRole(role: Role, team?: string | null): Promise<Person[]>;
  list(): Promise<Person[]>;
  /** Inserts or updates by account (else by name), all in one transaction. */
  upsertMany(rows: PersonInput[]): Promise<{ created: number; updated: number }>;
  create(row: PersonInput): Promise<Person>;
}
