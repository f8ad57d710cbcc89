import type { IncomingMessage } from '../bot/message.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Person, Stores } from '../store/index.js';
import type { Command } from './command/command.js';
import type { Outcome } from './outcome.js';
import type { Place } from './properties.js';
import type { WorkCalendar } from './sla/calendar.js';
import type { Deadlines } from './sla/deadlines.js';

/** Everything a handler may use. Stores are bound to the message's transaction. */
export interface HandlerContext {
  message: IncomingMessage;
  /** The sender from the people directory (unknown senders are registered on first contact). */
  sender: Person;
  /** Id of the inbound row, recorded on every event this message causes. */
  inboundId: number;
  stores: Stores;
  /** Starts / meets SLA clocks; bound to the same transaction as stores. */
  deadlines: Deadlines;
  /** The office working-day calendar (holidays and 调休, with the override table). */
  calendar: WorkCalendar;
  clock: Clock;
  /** The property the message's items belong to (properties.ts). */
  place: Place;
  config: Pick<Config, 'sla' | 'leave' | 'desk' | 'duty' | 'patrol' | 'dutyLog' | 'utcOffsetMinutes' | 'timeZone' | 'botName' | 'web'>;
}

export type Handler = (cmd: Command, ctx: HandlerContext) => Promise<Outcome>;

/** A command with sub-actions (演练 新增 / 完成 / 列表): the handler of its action, else `fallback`. */
export function byAction<A extends string>(actionOf: (cmd: Command) => A | undefined, handlers: Partial<Record<A, Handler>>, fallback: Handler): Handler {
  return (cmd, ctx) => {
    const action = actionOf(cmd);
    return ((action && handlers[action]) || fallback)(cmd, ctx);
  };
}
