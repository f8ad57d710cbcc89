// #15 Messages of one conversation in order across instances. Each instance processes its own deliveries one at a
// time in arrival order (serial-queue.ts); deliveries of one conversation may land on different instances, though.
// Before a message is processed, it waits while the conversation has an earlier recorded message (lower inbound id:
// the database's arrival order) that is not processed yet, i.e. one another instance has in hand. The wait is
// bounded (CONVERSATION_ORDER_WAIT_MS): an instance that died holding the earlier message, or two instances each
// waiting behind the other's queue, cost at most that long, after which the message goes ahead (logged).
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { InboundStore } from '../store/index.js';

/** How often a waiting message looks again (ms). */
export const TURN_POLL_MS = 25;

export interface TurnDeps {
  inbound: InboundStore;
  clock: Clock;
  logger: Logger;
  /** CONVERSATION_ORDER_WAIT_MS; 0 = do not wait. */
  waitMs: number;
}

/** Resolves when the message (recorded as inboundId) may be processed: true in its turn, false when the wait ran out. */
export async function waitForTurn(deps: TurnDeps, msg: { platform: string; chatId: string }, inboundId: number): Promise<boolean> {
  if (deps.waitMs <= 0 || !msg.chatId) return true;
  const since = new Date(deps.clock.now().getTime() - 10 * deps.waitMs);
  const until = performance.now() + deps.waitMs;
  while (await deps.inbound.earlierUnprocessed(msg.platform, msg.chatId, inboundId, since)) {
    if (performance.now() >= until) {
      deps.logger.warn({ platform: msg.platform, inboundId, waitedMs: deps.waitMs }, '同一会话的前一条消息仍未处理完，已不再等待 earlier message of the conversation still unprocessed: going ahead');
      return false;
    }
    await new Promise((r) => setTimeout(r, TURN_POLL_MS));
  }
  return true;
}
