// Which team a ticket goes to: its category's team (handlers/categories.ts, ROUTING in the configuration), or the
// desk when that team is unknown or has nobody in it — never nobody. The fallback is said in the history.
import { DEFAULT_ROUTES, DESK_TEAM, type Category } from './categories.js';
import type { HandlerContext } from './context.js';

export interface Routed {
  team: string;
  /** Why the ticket went to the desk instead of its category's team, for the history; null when it did not. */
  fallback: string | null;
}

export async function routeTo(category: Category, ctx: Pick<HandlerContext, 'config' | 'stores'>): Promise<Routed> {
  const team = ctx.config.desk.routing[category] ?? DEFAULT_ROUTES[category] ?? DESK_TEAM;
  if (team === DESK_TEAM) return { team, fallback: null };
  const staffed = await ctx.stores.people.anyVerified(['staff', 'lead'], team);
  return staffed ? { team, fallback: null } : { team: DESK_TEAM, fallback: `${category}类应由${team}组处理，名单中没有${team}组人员，转客服组` };
}
