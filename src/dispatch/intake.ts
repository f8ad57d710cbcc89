// Intake: every delivery is recorded first (group commit, dedupe on (platform, msgId)), then processed one at a
// time in arrival order. The channel gets the reply in its acknowledgement when processing finishes within
// REPLY_WAIT_MS, otherwise `later`. Rows recorded but never processed (a crash) are recovered after the server
// listens: while recovery drains them, new deliveries are acknowledged at once and wait their turn in arrival order.
// #15 Memory stays bounded under a burst: beyond `queueMax` messages held for processing, new deliveries are recorded
// only, and the same drain as recovery (catch-up) processes them from the database in arrival order, their replies
// pushed to the senders.
import type { Logger } from 'pino';
import type { DispatchResult, Dispatcher } from '../bot/channel.js';
import type { IncomingMessage, OutgoingMessage } from '../bot/message.js';
import type { Clock } from '../clock.js';
import type { Stores, UnprocessedInbound } from '../store/index.js';
import { waitForTurn } from './conversation-order.js';
import { createInboundBatcher } from './inbound-batcher.js';
import { RECORDED_ONLY, fromRow, withoutPayload } from './queued-message.js';
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
  /** Resolves when every message accepted so far has been processed, a drain under way included (shutdown, tests). */
  idle(): Promise<void>;
  /** Shutdown: recovery stops after the row it is on; what is left is recovered at the next start. */
  stop(): void;
}

export interface IntakeDeps {
  stores: Stores;
  pipeline: Pipeline;
  clock: Clock;
  logger: Logger;
  /** How long a channel may wait for the reply before it is answered `later` (ms). */
  replyWaitMs: number;
  /** #15 How long a message waits for earlier messages of its conversation on other instances (ms; 0 = not at all). */
  conversationWaitMs?: number;
  /** #15 Messages held in memory for processing (INTAKE_QUEUE_MAX); beyond it, recorded only and caught up. */
  queueMax: number;
}

/** Longest a queued message waits for a quiet moment in the intake (ms). */
const INTAKE_FIRST_MAX_MS = 100;
/** Unprocessed rows read per recovery round. */
const RECOVERY_PAGE = 500;
/** #15 Live messages of a burst processed in one transaction (a savepoint each). */
const LIVE_BATCH = 16;
/** #15 Old rows processed in one transaction (a savepoint each) while recovering: commits and set-up shared. */
const RECOVERY_BATCH = 25;

export function createDispatcher(deps: IntakeDeps): AppDispatcher {
  const { stores, pipeline, clock, logger } = deps;
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
  const intakeBusy = () => inbound.inFlight > 0 || performance.now() - inbound.lastRecordAt < 2;
  async function intakeFirst() {
    const until = performance.now() + INTAKE_FIRST_MAX_MS;
    do await new Promise((r) => setTimeout(r, 0));
    while (intakeBusy() && performance.now() < until);
  }

  /** Live messages queued and not finished, in arrival order; `reply` once a batch has taken one. */
  const queued = new Map<number, { msg: IncomingMessage; reply?: Promise<OutgoingMessage | undefined> }>();
  const orderWaitMs = deps.conversationWaitMs ?? 0;
  const queueMax = deps.queueMax;

  /**
   * A queued message's turn. In a burst, it takes the messages queued behind it that no batch has taken yet (up to
   * LIVE_BATCH) and processes them together in one transaction; their own turns then only hand over the reply.
   * With conversation order across instances (CONVERSATION_ORDER_WAIT_MS > 0) each message waits for its turn and goes
   * alone, as a later message of the same conversation in the batch would wait on the earlier one.
   */
  async function processQueued(inboundId: number): Promise<OutgoingMessage | undefined> {
    const mine = queued.get(inboundId)!;
    if (mine.reply) return mine.reply;
    await intakeFirst();
    if (orderWaitMs > 0) {
      await waitForTurn({ inbound: stores.inbound, clock, logger, waitMs: orderWaitMs }, { platform: mine.msg.platform, chatId: mine.msg.chat.id }, inboundId);
      return pipeline.process(mine.msg, inboundId);
    }
    const batch: Array<{ msg: IncomingMessage; inboundId: number }> = [];
    for (const [id, q] of queued) {
      if (id < inboundId || q.reply) continue;
      batch.push({ msg: q.msg, inboundId: id });
      if (batch.length >= LIVE_BATCH) break;
    }
    if (batch.length === 1) return pipeline.process(mine.msg, inboundId);
    const replies = pipeline.processMany(batch, false);
    batch.forEach((b, i) => (queued.get(b.inboundId)!.reply = replies.then((r) => r[i])));
    return mine.reply!;
  }

  /** Processes in arrival order; answers now if that fits in REPLY_WAIT_MS, otherwise later. */
  async function respond(delivered: IncomingMessage, inboundId: number): Promise<DispatchResult> {
    const msg = withoutPayload(delivered);
    const wait = deps.replyWaitMs;
    const busy = queue.expectedWaitMs() > wait;
    held.add(inboundId);
    queued.set(inboundId, { msg });
    const result = queue.push(() => processQueued(inboundId));
    void result.finally(() => {
      held.delete(inboundId);
      queued.delete(inboundId);
    }).catch(() => undefined);
    if (busy) return { duplicate: false, later: result };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), wait)));
    const first = await Promise.race([result.then((reply) => ({ reply })), timeout]);
    clearTimeout(timer);
    return first === 'timeout' ? { duplicate: false, later: result } : { duplicate: false, reply: first.reply };
  }

  /**
   * The original conversations cannot be answered any more: the replies are pushed to the senders instead. Rows that
   * are not drainable now (#15 another instance has them, or an earlier one of their conversation, in hand) are left;
   * resolves with the number taken.
   */
  async function recoverRows(rows: readonly UnprocessedInbound[]): Promise<number> {
    if (!rows.length) return 0;
    return queue.push(async () => {
      const taken: UnprocessedInbound[] = [];
      for (const r of rows) if (await stores.inbound.drainable(r.id)) taken.push(r);
      await pipeline.processMany(taken.map((r) => ({ msg: fromRow(r), inboundId: r.id })), true);
      return taken.length;
    });
  }
  /**
   * Old rows per transaction. With conversation order across instances, one at a time: a later row of a conversation
   * in the same batch would not be drainable while the earlier one waits unprocessed beside it.
   */
  const recoveryBatch = orderWaitMs > 0 ? 1 : RECOVERY_BATCH;

  let lastRecovered = 0;
  let recovering = false;
  /** The drain under way (recovery or catch-up), for idle(). */
  let draining: Promise<number> | null = null;
  let stopping = false;
  /** Deliveries recorded while recovery drains: processed by it in id order, answered through `later`. */
  const arrivedDuringRecovery = new Map<number, { msg: IncomingMessage; done(reply: Promise<OutgoingMessage | undefined>): void }>();

  function waitForRecovery(msg: IncomingMessage, id: number): DispatchResult {
    let done!: (reply: Promise<OutgoingMessage | undefined>) => void;
    const later = new Promise<OutgoingMessage | undefined>((resolve) => (done = (p) => resolve(p)));
    arrivedDuringRecovery.set(id, { msg: withoutPayload(msg), done });
    return { duplicate: false, later };
  }

  /** A row recovery reads that came in meanwhile: answered as usual (through `later`), in its turn. */
  async function drainLive(id: number, live: { msg: IncomingMessage; done(reply: Promise<OutgoingMessage | undefined>): void }): Promise<void> {
    arrivedDuringRecovery.delete(id);
    const reply = queue.push(() => pipeline.process(live.msg, id));
    live.done(reply);
    await reply.catch(() => undefined);
  }

  /**
   * Recovery at start, and the catch-up after a burst overflowed the queue: the unprocessed rows not held in memory, in
   * id order; deliveries arriving meanwhile wait for it (in memory up to queueMax, beyond that in the database only).
   */
  function drain(): Promise<number> {
    if (recovering) return Promise.resolve(0);
    const running = drainRows().finally(() => (draining = null));
    draining = running;
    return running;
  }

  async function drainRows(): Promise<number> {
    recovering = true;
    let total = 0;
    try {
      while (!stopping) {
        const rows = await stores.inbound.unprocessed(lastRecovered, RECOVERY_PAGE);
        if (!rows.length) break;
        // Old rows go in batches (one transaction each); a row that arrived meanwhile is answered
        // on its own, in its turn. SQLite work is synchronous: the server reads requests between batches.
        let batch: UnprocessedInbound[] = [];
        const flush = async () => {
          // Deliveries first, as for live messages (a catch-up runs while the burst goes on): also before a live
          // arrival's turn, which keeps the intake ahead and leaves more of a burst to the batches of old rows.
          await new Promise((resolve) => setImmediate(resolve));
          if (intakeBusy()) await intakeFirst();
          total += await recoverRows(batch);
          batch = [];
        };
        for (const r of rows) {
          if (stopping) break;
          lastRecovered = r.id;
          // Queued in memory before a catch-up began: processed in its own turn, ahead of the catch-up's batches.
          if (held.has(r.id)) continue;
          const live = arrivedDuringRecovery.get(r.id);
          if (!live) {
            batch.push(r);
            if (batch.length >= recoveryBatch) await flush();
            continue;
          }
          await flush();
          await drainLive(r.id, live);
        }
        if (!stopping) await flush();
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
  }

  return {
    async idle() {
      for (;;) {
        await queue.idle();
        if (!draining) return;
        await draining.catch(() => undefined);
      }
    },

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
      // Held in memory, queued or waiting for a drain, up to queueMax together.
      const room = queued.size + arrivedDuringRecovery.size < queueMax;
      if (recovering) return room ? waitForRecovery(msg, id) : RECORDED_ONLY;
      if (room) return respond(msg, id);
      // The row is durable: acknowledged now, processed by the catch-up drain behind what is already queued.
      logger.warn({ queued: queued.size, queueMax }, '待处理消息超过上限：新消息先入库，随后按顺序补处理，回复改为推送 intake queue full: catching up from the database');
      void drain().catch((err) => logger.error({ err }, 'catch-up drain failed'));
      return RECORDED_ONLY;
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
          const mine = rows.filter((r) => !held.has(r.id));
          for (let i = 0; i < mine.length && !stopping; i += recoveryBatch) taken += await recoverRows(mine.slice(i, i + recoveryBatch));
          if (taken) logger.warn({ taken }, '已接手其他实例未处理完的消息 took over unprocessed messages');
        } catch (err) {
          logger.error({ err }, 'stale inbound sweep failed');
        } finally {
          sweeping = false;
        }
      }, seconds * 1000);
      sweepTimer.unref();
    },

    recover: drain,
  };
}
