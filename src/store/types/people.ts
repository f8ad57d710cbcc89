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
  /** False for an unknown sender registered on first contact, until a lead or the directory confirms them. */
  verified: boolean;
  accounts: Accounts;
  /** The properties (项目) the person serves; empty: every property. */
  properties: readonly number[];
}

/** active: absent means active (an import row without the column lists someone in post). */
export type PersonInput = Omit<Person, 'id' | 'active' | 'verified' | 'accounts' | 'properties'> & {
  accounts?: Accounts;
  verified?: boolean;
  active?: boolean;
  /** The properties served (ids); absent: left as they are (a new person serves every one). */
  properties?: readonly number[];
};

export type PersonPatch = Partial<Pick<Person, 'name' | 'role' | 'team' | 'phone' | 'active' | 'verified'>>;

export interface PeopleStore {
  byId(id: number): Promise<Person | null>;
  byIds(ids: readonly number[]): Promise<Person[]>;
  /**
   * Person number, account id, or the name of exactly one active, verified person (null when the name is
   * shared: ask for the number). An unverified stranger is never found by name.
   */
  find(ref: string): Promise<Person | null>;
  /** Active people with exactly this name (verified first). */
  named(name: string): Promise<Person[]>;
  /** Deactivated people with exactly this name (for 启用). */
  inactiveNamed(name: string): Promise<Person[]>;
  /** The person who owns the account (active or not). */
  byAccount(provider: string, externalId: string): Promise<Person | null>;
  /** Active people with the role (in the team; serving the property: listed for it, or for no property at all). */
  byRole(role: Role, team?: string | null, propertyId?: number | null): Promise<Person[]>;
  /** Is any active, verified person of one of the roles in the team? (Routing: does the team have anyone.) */
  anyVerified(roles: readonly Role[], team: string): Promise<boolean>;
  list(): Promise<Person[]>;
  /** Inserts or updates by account (else by name), all in one transaction; ids: the person each row landed on. */
  upsertMany(rows: PersonInput[]): Promise<{ created: number; updated: number; ids: number[] }>;
  create(row: PersonInput): Promise<Person>;
  update(id: number, patch: PersonPatch): Promise<Person>;
}
