// Intake: every delivery is recorded first (group commit, dedupe on (platform, msgId)), then processed one at a
// time in arrival order. The channel gets the reply in its acknowledgement when processing finishes within
// REPLY_WAIT_MS, otherwise `later`. Rows recorded but never processed (a crash) are recovered after the server
// listens: while recovery drains them, new deliveries are acknowledged at once and wait their turn in arrival order.
import type { Logger } from 'pino';
import type { DispatchResult, Dispatcher } from '../bot/channel.js';
import type { IncomingMessage, OutgoingMessage } from '../bot/message.js';
import type { Clock } from '../clock.js';
import { recoveredReply } from '../handlers/dedupe-keys.js';
import type { NotifyRouter } from '../handlers/outbox/route.js';
import type { Stores, UnprocessedInbound } from '../store/index.js';
import { waitForTurn } from './conversation-order.js';
import { createInboundBatcher } from './inbound-batcher.js';
import type { Pipeline } from './pipeline.js';
import { createSerialQueue } from './serial-queue.js';

export interface AppDispatcher extends Dispatcher {
  /**
   * Processes, in arrival order, inbound rows that were recorded but never processed (a crash between ack and
   * processing), and every delivery that arrives meanwhile. Resolves with the number of old rows recovered.
   */
  recover(): Promise<number>;
  /**
   * #15 Every `seconds`, processes the rows recorded more than `seconds` ago that nobody processed and this process
   * does not hold (an instance died between ack and processing). The claim in the pipeline keeps it exactly once.
   * Stopped by stop().
   */
  sweepStale(seconds: number): void;
  /** True while recover() is draining. */
  readonly recovering: boolean;
  /** Resolves when every message accepted so far has been processed (shutdown, tests). */
  idle(): Promise<void>;
  /** Shutdown: recovery stops after the row it is on; what is left is recovered at the next start. */
  stop(): void;
}

export interface IntakeDeps {
  stores: Stores;
  pipeline: Pipeline;
  notifyRouter: NotifyRouter;
  clock: Clock;
  logger: Logger;
  /** How long a channel may wait for the reply before it is answered `later` (ms). */
  replyWaitMs: number;
  /** #15 How long a message waits for earlier messages of its conversation on other instances (ms; 0 = not at all). */
  conversationWaitMs?: number;
}

/** Longest a queued message waits for a quiet moment in the intake (ms). */
const INTAKE_FIRST_MAX_MS = 100;
/** Unprocessed rows read per recovery round. */
const RECOVERY_PAGE = 500;

/**
 * What a queued message keeps until its turn: everything but the platform's raw payload and reply hint, which
 * processing never reads (the channel took the hint for its late reply already). Under a burst the queue holds
 * thousands of messages, and the raw payload (the whole parsed request body) is the bulkiest part of each one
 * (issue #15, RSS).
 */
function queued(msg: IncomingMessage): IncomingMessage {
  if (msg.raw === undefined && msg.replyHint === undefined) return msg;
  const { raw: _raw, replyHint: _hint, ...kept } = msg;
  return kept;
}

const fromRow = (r: UnprocessedInbound): IncomingMessage => ({
  platform: r.platform,
  msgId: r.msgId,
  chat: { id: r.chatId ?? '', type: r.chatType === 'group' ? 'group' : 'direct' },
  sender: { id: r.senderId ?? '' },
  text: r.text ?? '',
  mentionsBot: true,
  receivedAt: r.receivedAt,
  attachments: r.attachments ? JSON.parse(r.attachments) : undefined,
});

export function createDispatcher(deps: IntakeDeps): AppDispatcher {
  const { stores, pipeline, notifyRouter, clock, logger } = deps;
  const queue = createSerialQueue();
  const inbound = createInboundBatcher(stores.inbound, () => clock.now());
  /** Rows this process has queued and not finished: the stale sweep leaves them alone. */
  const held = new Set<number>();
  let sweepTimer: NodeJS.Timeout | undefined;

  /**
   * Acknowledging deliveries comes first. Processing is synchronous SQLite work that would keep the
   * event loop from reading new requests, so before each message it yields to I/O and waits (at most
   * INTAKE_FIRST_MAX_MS) until no delivery has arrived for 2 ms: a burst is acked quickly and processed right after.
   */
  async function intakeFirst() {
    const until = performance.now() + INTAKE_FIRST_MAX_MS;
    do await new Promise((r) => setTimeout(r, 0));
    while ((inbound.inFlight > 0 || performance.now() - inbound.lastRecordAt < 2) && performance.now() < until);
  }

  /** Processes in arrival order; answers now if that fits in REPLY_WAIT_MS, otherwise later. */
  async function respond(delivered: IncomingMessage, inboundId: number): Promise<DispatchResult> {
    const msg = queued(delivered);
    const wait = deps.replyWaitMs;
    const busy = queue.expectedWaitMs() > wait;
    held.add(inboundId);
    const result = queue.push(async () => {
      await intakeFirst();
      await waitForTurn({ inbound: stores.inbound, clock, logger, waitMs: deps.conversationWaitMs ?? 0 }, { platform: msg.platform, chatId: msg.chat.id }, inboundId);
      return pipeline.process(msg, inboundId);
    });
    void result.finally(() => held.delete(inboundId)).catch(() => undefined);
    if (busy) return { duplicate: false, later: result };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), wait)));
    const first = await Promise.race([result.then((reply) => ({ reply })), timeout]);
    clearTimeout(timer);
    return first === 'timeout' ? { duplicate: false, later: result } : { duplicate: false, reply: first.reply };
  }

  /** The original conversation cannot be answered any more: the reply is pushed to the sender instead. */
  async function recoverRow(r: UnprocessedInbound) {
    const msg = fromRow(r);
    const reply = await queue.push(() => pipeline.process(msg, r.id));
    const sender = reply && (await pipeline.sender(msg));
    if (reply && sender) {
      await stores.outbox.enqueue(await notifyRouter.rows({ to: { kind: 'person', personId: sender.id }, message: reply, dedupeKey: recoveredReply(r.id) }, clock.now(), stores));
    }
  }

  let lastRecovered = 0;
  let recovering = false;
  let stopping = false;
  /** Deliveries recorded while recovery drains: processed by it in id order, answered through `later`. */
  const arrivedDuringRecovery = new Map<number, { msg: IncomingMessage; done(reply: Promise<OutgoingMessage | undefined>): void }>();

  function waitForRecovery(msg: IncomingMessage, id: number): DispatchResult {
    let done!: (reply: Promise<OutgoingMessage | undefined>) => void;
    const later = new Promise<OutgoingMessage | undefined>((resolve) => (done = (p) => resolve(p)));
    arrivedDuringRecovery.set(id, { msg: queued(msg), done });
    return { duplicate: false, later };
  }

  /** A row recovery reads: a delivery that came in meanwhile is answered as usual; an old one by a push. */
  async function drainRow(r: UnprocessedInbound): Promise<boolean> {
    const live = arrivedDuringRecovery.get(r.id);
    if (!live) return recoverRow(r).then(() => true);
    arrivedDuringRecovery.delete(r.id);
    const reply = queue.push(() => pipeline.process(live.msg, r.id));
    live.done(reply);
    await reply.catch(() => undefined);
    return false;
  }

  return {
    idle: () => queue.idle(),

    async handle(msg) {
      const { id, duplicate } = await inbound.record({
        platform: msg.platform,
        msgId: msg.msgId,
        chatId: msg.chat.id,
        chatType: msg.chat.type,
        senderId: msg.sender.id,
        text: msg.text,
        attachments: msg.attachments?.length ? JSON.stringify(msg.attachments) : undefined,
        receivedAt: msg.receivedAt,
      });
      if (duplicate) {
        logger.info({ platform: msg.platform, msgId: msg.msgId }, 'duplicate delivery ignored');
        return { duplicate: true };
      }
      return recovering ? waitForRecovery(msg, id) : respond(msg, id);
    },

    get recovering() {
      return recovering;
    },

    stop() {
      stopping = true;
      clearInterval(sweepTimer);
    },

    sweepStale(seconds) {
      clearInterval(sweepTimer);
      let sweeping = false;
      sweepTimer = setInterval(async () => {
        if (sweeping || recovering || stopping) return;
        sweeping = true;
        try {
          const before = new Date(clock.now().getTime() - seconds * 1000);
          const rows = await stores.inbound.unprocessed(0, RECOVERY_PAGE, before);
          let taken = 0;
          for (const r of rows) {
            if (stopping) break;
            if (held.has(r.id)) continue;
            await recoverRow(r);
            taken++;
          }
          if (taken) logger.warn({ taken }, '已接手其他实例未处理完的消息 took over unprocessed messages');
        } catch (err) {
          logger.error({ err }, 'stale inbound sweep failed');
        } finally {
          sweeping = false;
        }
      }, seconds * 1000);
      sweepTimer.unref();
    },

    async recover() {
      if (recovering) return 0;
      recovering = true;
      let total = 0;
      try {
        while (!stopping) {
          const rows = await stores.inbound.unprocessed(lastRecovered, RECOVERY_PAGE);
          if (!rows.length) break;
          for (const r of rows) {
            if (stopping) break;
            // SQLite work is synchronous: let the server read requests (health checks, new deliveries) in between.
            await new Promise((resolve) => setImmediate(resolve));
            lastRecovered = r.id;
            if (await drainRow(r)) total++;
          }
        }
      } finally {
        recovering = false;
        // Recorded while the last (empty) page was being read: they go on the queue in arrival order. At shutdown
        // they stay recorded and unprocessed, for the next start.
        for (const [id, w] of [...arrivedDuringRecovery].sort(([a], [b]) => a - b)) {
          arrivedDuringRecovery.delete(id);
          w.done(stopping ? Promise.resolve(undefined) : queue.push(() => pipeline.process(w.msg, id)));
        }
      }
      return total;
    },
  };
}
