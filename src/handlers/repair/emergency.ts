// An emergency repair (docs/desk-rules.md#emergencies) is paged at once to the people of its team, the team's
// leads, the supervisors and the managers, and again every EMERGENCY_REPEAT_MINUTES until someone accepts it.
import type { Person, Stores, Ticket } from '../../store/index.js';

/** Everyone an emergency goes to, without repeats (the team's staff: whoever is on duty). */
export async function emergencyRecipients(t: Pick<Ticket, 'team' | 'propertyId'>, ctx: { stores: Pick<Stores, 'people'> }): Promise<Person[]> {
  const people = ctx.stores.people;
  const at = t.propertyId;
  const team = t.team ? [...(await people.byRole('staff', t.team, at)), ...(await people.byRole('lead', t.team, at))] : [];
  const all = [...team, ...(await people.byRole('supervisor', null, at)), ...(await people.byRole('manager', null, at))].filter((p) => p.verified);
  return [...new Map(all.map((p) => [p.id, p])).values()];
}
