// Directory reads in one statement: a person with their accounts and the properties they serve, joined, instead of
// Prisma's include (one query for the people, one per relation). Hand-written SQL through rawSql (SQLite and
// PostgreSQL); the rows are folded back into Person in the order Prisma's include gave (accounts by id, properties
// by propertyId).
import type { Person, Role } from '../types/index.js';
import type { Db } from './client.js';
import { rawSql } from './dialect.js';
import { sqlRows } from './direct-sql.js';
import { toBool } from './row-values.js';

interface JoinedRow {
  id: number | bigint;
  name: string;
  role: string;
  team: string | null;
  phone: string | null;
  active: boolean | number | bigint;
  verified: boolean | number | bigint;
  accountId: number | bigint | null;
  provider: string | null;
  externalId: string | null;
  propertyId: number | bigint | null;
}

const SELECT = `SELECT p."id", p."name", p."role", p."team", p."phone", p."active", p."verified",
  a."id" AS "accountId", a."provider", a."externalId", pp."propertyId"
  FROM "Person" p
  LEFT JOIN "PersonAccount" a ON a."personId" = p."id"
  LEFT JOIN "PersonProperty" pp ON pp."personId" = p."id"`;

const ORDER = `ORDER BY p."id", a."id", pp."propertyId"`;

/** People (with accounts and served properties) matching `where` (SQL over alias p, `?` placeholders), by id. */
export async function readPeople(db: Db, where: string, params: unknown[]): Promise<Person[]> {
  const q = rawSql(db);
  const rows = await sqlRows<JoinedRow>(db, q.text(`${SELECT} WHERE ${where} ${ORDER}`), params);
  const people: Person[] = [];
  const seen = new Map<number, { accounts: Record<string, string>; properties: number[]; accountIds: Set<number>; propertyIds: Set<number> }>();
  for (const r of rows) {
    const id = Number(r.id);
    let entry = seen.get(id);
    if (!entry) {
      entry = { accounts: {}, properties: [], accountIds: new Set(), propertyIds: new Set() };
      seen.set(id, entry);
      people.push({ id, name: r.name, role: r.role as Role, team: r.team, phone: r.phone, active: toBool(r.active), verified: toBool(r.verified), accounts: entry.accounts, properties: entry.properties });
    }
    if (r.accountId != null && !entry.accountIds.has(Number(r.accountId))) {
      entry.accountIds.add(Number(r.accountId));
      entry.accounts[r.provider!] = r.externalId!;
    }
    if (r.propertyId != null && !entry.propertyIds.has(Number(r.propertyId))) {
      entry.propertyIds.add(Number(r.propertyId));
      entry.properties.push(Number(r.propertyId));
    }
  }
  return people;
}

/** The WHERE of byRole: active people of the role (and team), serving the property when one is given. */
export function roleFilter(db: Db, role: Role, team?: string | null, propertyId?: number | null): { where: string; params: unknown[] } {
  const q = rawSql(db);
  const parts = ['p."role" = ?', 'p."active" = ?'];
  const params: unknown[] = [role, q.bool(true)];
  if (team) {
    parts.push('p."team" = ?');
    params.push(team);
  }
  if (propertyId != null) {
    parts.push('(NOT EXISTS (SELECT 1 FROM "PersonProperty" s WHERE s."personId" = p."id") OR EXISTS (SELECT 1 FROM "PersonProperty" s WHERE s."personId" = p."id" AND s."propertyId" = ?))');
    params.push(propertyId);
  }
  return { where: parts.join(' AND '), params };
}
