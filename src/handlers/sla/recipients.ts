// Who hears about an overdue item at each level of the ladder (docs/desk-rules.md#tiered-escalation):
// 0 the owner, 1 the owner and the team's lead, 2 the supervisors, 3 the managers — each of the item's property.
// With no owner, whoever of the team is on duty by the roster (docs/desk-rules.md#shifts); else the team that owns
// the deadline (the desk for follow-ups and enquiries); else the property's duty group. An owner who is off shift
// is joined by whoever is on duty. The accused of a complaint is never told: a level with nobody else sends the
// alert one level up.
// An item that names its audience (a leave: only the people who may approve it, approval.ts) is alerted to that
// audience at every level instead.
import type { Recipient } from '../../bot/message.js';
import type { Person, RosterEntry } from '../../store/index.js';
import { serves } from '../properties.js';
import { dutyBoard, NO_DUTY, type DutyBoard } from '../roster/duty.js';
import type { AlertItem } from './alert-item.js';

export interface Directory {
  byId: Map<number, Person>;
  /** Active, verified staff of every role. */
  staff: Person[];
  duty: DutyBoard;
}

/** roster: entries running around `at`, when the roster is used (none: teams are told as before). */
export function directoryOf(people: Person[], roster: readonly RosterEntry[] = [], at?: Date): Directory {
  return {
    byId: new Map(people.map((p) => [p.id, p])),
    staff: people.filter((p) => p.active && p.verified && p.role !== 'resident'),
    duty: roster.length && at ? dutyBoard(roster, at) : NO_DUTY,
  };
}

/** People with the role in the item's team and property; leads fall back to leads without a team, others to everyone with the role. */
function withRole(dir: Directory, role: Person['role'], team: string | null, propertyId: number | undefined): Person[] {
  const all = dir.staff.filter((p) => p.role === role && serves(p, propertyId));
  const sameTeam = team ? all.filter((p) => p.team === team) : [];
  if (sameTeam.length) return sameTeam;
  return role === 'lead' ? all.filter((p) => !p.team || !team) : all;
}

const persons = (ps: Person[]): Recipient[] => ps.map((p) => ({ kind: 'person', personId: p.id }));

/** The team's people on duty now at the item's property (roster), when the roster covers that team. */
function onDuty(item: AlertItem, dir: Directory): Person[] | null {
  if (!item.team || item.propertyId === undefined || !dir.duty.rostered(item.propertyId, item.team)) return null;
  return dir.duty.people(item.propertyId, item.team).map((id) => dir.byId.get(id)).filter((p): p is Person => !!p && p.active && p.id !== item.recusedId);
}

/** The owner of a deadline: a person (with whoever is on duty, when they are not); the team's on-duty people; the owning team; or the duty group. */
function owners(item: AlertItem, dir: Directory): Recipient[] {
  const ownerId = item.ownerId !== item.recusedId ? item.ownerId : null;
  const duty = onDuty(item, dir);
  if (ownerId && dir.byId.get(ownerId)?.active) {
    const extra = duty && !duty.some((p) => p.id === ownerId) ? duty : [];
    return [{ kind: 'person', personId: ownerId }, ...persons(extra)];
  }
  if (duty?.length) return persons(duty);
  if (item.teamOwns && item.team) {
    const members = dir.staff.filter((p) => p.team === item.team && p.role === 'staff' && serves(p, item.propertyId));
    if (members.length) return persons(members);
  }
  return [{ kind: 'duty-group', ...(item.propertyId !== undefined ? { propertyId: item.propertyId } : {}) }];
}

function levelPeople(level: number, item: AlertItem, dir: Directory, owner: Recipient[]): Recipient[] {
  const at = item.propertyId;
  if (level === 0) return owner;
  if (level === 1) return [...owner, ...persons(withRole(dir, 'lead', item.team, at))];
  if (level === 2) return persons(withRole(dir, 'supervisor', item.team, at).length ? withRole(dir, 'supervisor', item.team, at) : withRole(dir, 'manager', null, at));
  return persons(withRole(dir, 'manager', null, at).length ? withRole(dir, 'manager', null, at) : withRole(dir, 'supervisor', item.team, at));
}

export function recipientsFor(level: number, item: AlertItem, dir: Directory): Recipient[] {
  if (item.audience) {
    const staff = new Set(dir.staff.map((p) => p.id));
    const ids = [...new Set(item.audience(level))].filter((id) => id !== item.recusedId && staff.has(id));
    return ids.length ? ids.map((personId) => ({ kind: 'person', personId })) : [{ kind: 'duty-group' }];
  }
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

/** Everyone of a team who may act (staff and lead) at the property, for the extra notices (the desk's call to a resident). */
export const teamMembers = (dir: Directory, team: string, propertyId?: number): Recipient[] =>
  persons(dir.staff.filter((p) => p.team === team && (p.role === 'staff' || p.role === 'lead') && serves(p, propertyId)));
