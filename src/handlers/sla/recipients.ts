// Who hears about an overdue item at each level of the ladder (docs/desk-rules.md#tiered-escalation):
// 0 the owner, 1 the owner and the team's lead, 2 the supervisors, 3 the managers. With no owner, the team that owns
// the deadline (the desk for follow-ups and enquiries) or else the duty group. The accused of a complaint is never
// told: a level with nobody else sends the alert one level up.
import type { Recipient } from '../../bot/message.js';
import type { Person } from '../../store/index.js';
import type { AlertItem } from './alert-item.js';

export interface Directory {
  byId: Map<number, Person>;
  /** Active, verified staff of every role. */
  staff: Person[];
}

export function directoryOf(people: Person[]): Directory {
  return { byId: new Map(people.map((p) => [p.id, p])), staff: people.filter((p) => p.active && p.verified && p.role !== 'resident') };
}

/** People with the role in the item's team; leads fall back to leads without a team, others to everyone with the role. */
function withRole(dir: Directory, role: Person['role'], team: string | null): Person[] {
  const all = dir.staff.filter((p) => p.role === role);
  const sameTeam = team ? all.filter((p) => p.team === team) : [];
  if (sameTeam.length) return sameTeam;
  return role === 'lead' ? all.filter((p) => !p.team || !team) : all;
}

const persons = (ps: Person[]): Recipient[] => ps.map((p) => ({ kind: 'person', personId: p.id }));

/** The owner of a deadline: a person; the owning team's members; or the duty group. */
function owners(item: AlertItem, dir: Directory): Recipient[] {
  const ownerId = item.ownerId !== item.recusedId ? item.ownerId : null;
  if (ownerId && dir.byId.get(ownerId)?.active) return [{ kind: 'person', personId: ownerId }];
  if (item.teamOwns && item.team) {
    const members = dir.staff.filter((p) => p.team === item.team && p.role === 'staff');
    if (members.length) return persons(members);
  }
  return [{ kind: 'duty-group' }];
}

function levelPeople(level: number, item: AlertItem, dir: Directory, owner: Recipient[]): Recipient[] {
  if (level === 0) return owner;
  if (level === 1) return [...owner, ...persons(withRole(dir, 'lead', item.team))];
  if (level === 2) return persons(withRole(dir, 'supervisor', item.team).length ? withRole(dir, 'supervisor', item.team) : withRole(dir, 'manager', null));
  return persons(withRole(dir, 'manager', null).length ? withRole(dir, 'manager', null) : withRole(dir, 'supervisor', item.team));
}

export function recipientsFor(level: number, item: AlertItem, dir: Directory): Recipient[] {
  const owner = owners(item, dir);
  const allowed = (r: Recipient) => r.kind !== 'person' || r.personId !== item.recusedId;
  let list: Recipient[] = [];
  for (let l = level; l <= 3 && !list.length; l++) list = levelPeople(l, item, dir, owner).filter(allowed);
  if (!list.length) list = owner;
  const seen = new Set<string>();
  return list.filter((r) => {
    const k = r.kind === 'person' ? `p${r.personId}` : 'group';
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/** Everyone of a team who may act (staff and lead), for the extra notices (the desk's call to a resident). */
export const teamMembers = (dir: Directory, team: string): Recipient[] => persons(dir.staff.filter((p) => p.team === team && (p.role === 'staff' || p.role === 'lead')));
