// Who patrols and who answers for the patrol: the one place these choices are made. For now the on-duty guard is
// everyone of PATROL_TEAM (保安); the roster will narrow onDutyGuards to the people on shift in the round's slot.
import type { PatrolConfig } from '../../config.js';
import type { PeopleStore, PatrolRound, Person } from '../../store/index.js';
import { RANK } from '../roles.js';

const usable = (p: Person) => p.active && p.verified;

/** The guards reminded of a round: the team's staff, else its leads (nobody: the caller tells the duty group). */
export async function onDutyGuards(people: PeopleStore, patrol: Pick<PatrolConfig, 'team'>, _round: Pick<PatrolRound, 'slotStart' | 'slotEnd'>): Promise<Person[]> {
  const staff = (await people.byRole('staff', patrol.team)).filter(usable);
  return staff.length ? staff : (await people.byRole('lead', patrol.team)).filter(usable);
}

/** Who hears of missed rounds and findings: the patrol team's leads, else the supervisors. */
export async function patrolLeads(people: PeopleStore, patrol: Pick<PatrolConfig, 'team'>): Promise<Person[]> {
  const leads = (await people.byRole('lead', patrol.team)).filter(usable);
  return leads.length ? leads : (await people.byRole('supervisor')).filter(usable);
}

/** Who may record a round or turn its finding into a repair: the patrol team, supervisors and managers. */
export const mayPatrol = (p: Person, patrol: Pick<PatrolConfig, 'team'>): boolean => usable(p) && p.role !== 'resident' && (p.team === patrol.team || RANK[p.role] >= RANK.supervisor);
