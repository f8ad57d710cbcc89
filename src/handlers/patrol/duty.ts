// Who patrols and who answers for the patrol: the one place these choices are made. Each property (项目) patrols
// on its own. Where the roster covers the patrol team at the property, the guards on shift during the round's slot
// patrol (docs/desk-rules.md#shifts); elsewhere everyone of PATROL_TEAM (保安) who serves the property.
import type { PatrolConfig } from '../../config.js';
import type { PatrolRound, Person, Stores } from '../../store/index.js';
import { onDutyAt } from '../roster/duty.js';
import { leadsElseSupervisors } from '../roster/watch.js';
import { RANK } from '../roles.js';

const usable = (p: Person) => p.active && p.verified;
type Round = Pick<PatrolRound, 'slotStart' | 'slotEnd' | 'propertyId'>;

/** The team's active, verified people of a role who serve the property. */
async function teamAt(stores: Pick<Stores, 'people'>, role: 'staff' | 'lead', team: string, propertyId: number): Promise<Person[]> {
  return (await stores.people.byRole(role, team, propertyId)).filter((p) => p.verified);
}

/**
 * The guards reminded of a round: those rostered during its slot, else the team's staff at the property, else its
 * leads (nobody: the caller tells the property's duty group).
 */
export async function onDutyGuards(stores: Pick<Stores, 'people' | 'roster'>, patrol: Pick<PatrolConfig, 'team'>, round: Round): Promise<Person[]> {
  const q = { propertyId: round.propertyId, team: patrol.team };
  const entries = await stores.roster.between(round.slotStart, round.slotEnd, q);
  if (entries.length) {
    // On shift at the slot's start, or (a shift starting within the slot) at any point of it.
    const ids = new Set([...onDutyAt(entries, round.slotStart), ...entries.filter((e) => e.startsAt > round.slotStart)].map((e) => e.personId));
    const rostered = (await stores.people.byIds([...ids])).filter(usable);
    if (rostered.length) return rostered;
  }
  const staff = await teamAt(stores, 'staff', patrol.team, round.propertyId);
  return staff.length ? staff : teamAt(stores, 'lead', patrol.team, round.propertyId);
}

/** Who hears of missed rounds and findings: the patrol team's leads at the property, else its supervisors. */
export function patrolLeads(stores: Pick<Stores, 'people'>, patrol: Pick<PatrolConfig, 'team'>, propertyId = 1): Promise<Person[]> {
  return leadsElseSupervisors(stores.people, patrol.team, propertyId);
}

/** Who may record a round or turn its finding into a repair: the patrol team, supervisors and managers. */
export const mayPatrol = (p: Person, patrol: Pick<PatrolConfig, 'team'>): boolean => usable(p) && p.role !== 'resident' && (p.team === patrol.team || RANK[p.role] >= RANK.supervisor);
