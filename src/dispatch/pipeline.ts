// What happens to one recorded message, top to bottom, in one transaction:
//   claim the message (exactly once across instances) → sender → parse → route to the workflow → persist its pushes in the outbox.
// A failure rolls it all back, records the error on the inbound row and answers with an apology.
import type { Logger } from 'pino';
import type { IncomingMessage, OutgoingMessage } from '../bot/message.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { parseCommand } from '../handlers/command/parse.js';
import type { HandlerContext } from '../handlers/context.js';
import type { NotifyRouter } from '../handlers/outbox/route.js';
import type { Outcome } from '../handlers/outcome.js';
import { route } from '../handlers/router.js';
import { loadCalendar, type WorkCalendar } from '../handlers/sla/calendar.js';
import { createDeadlines } from '../handlers/sla/deadlines.js';
import type { Database, Stores } from '../store/index.js';
import { registrationNotice } from '../handlers/directory.js';
import { maskPersonal } from '../handlers/privacy.js';
import { placeOf } from '../handlers/properties.js';
import { recoveredReply } from '../handlers/dedupe-keys.js';
import { findSender, type Identify } from './sender.js';

export interface PipelineDeps {
  db: Database;
  config: Config;
  clock: Clock;
  logger: Logger;
  notifyRouter: NotifyRouter;
  /** By IncomingMessage.platform: who sent it (from the channel modules). */
  identities: ReadonlyMap<string, Identify>;
}

const APOLOGY: OutgoingMessage = { text: '抱歉，系统处理这条消息时出错了，已记录。请稍后再试，或直接联系客服中心。' };

export interface Pipeline {
  /** Processes one recorded message; resolves with the reply (none: stay silent). Never rejects. */
  process(msg: IncomingMessage, inboundId: number): Promise<OutgoingMessage | undefined>;
  /**
   * #15 Processes recorded messages in arrival order in one transaction, a savepoint each; resolves with their replies.
   * A message that fails is rolled back alone, marked with its error and answered with the apology; if the
   * transaction itself fails, each goes through process(). `pushReplies`: the conversations cannot be answered any
   * more (recovery, a takeover), so each reply is also queued as a push to its sender, in the same transaction.
   */
  processMany(rows: ReadonlyArray<{ msg: IncomingMessage; inboundId: number }>, pushReplies: boolean): Promise<Array<OutgoingMessage | undefined>>;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const { db, config, clock, logger, notifyRouter } = deps;
  const handlerConfig = { sla: config.sla, leave: config.leave, desk: config.desk, duty: config.duty, patrol: config.patrol, dutyLog: config.dutyLog, utcOffsetMinutes: config.utcOffsetMinutes, timeZone: config.timeZone, botName: config.botName, web: config.web };
  const lookup = (msg: IncomingMessage, stores: Stores) => findSender(msg, stores.people, deps.identities.get(msg.platform), config.unknownSenders);

  async function decide(msg: IncomingMessage, inboundId: number, stores: Stores, calendar: WorkCalendar): Promise<Outcome> {
    const found = await lookup(msg, stores);
    if ('missing' in found) return { reply: { text: '未找到该身份，请先在人员名单中登记。' } };
    if ('refused' in found) return { reply: { text: '您还不在值班台的人员名单中，暂时不能使用。请联系组长或管理员把您加入名单。' } };
    const me = found.person;
    if (!me.active) return { reply: { text: '您的账号已停用，不能再使用值班台的指令。如有疑问，请联系主管或客服中心。' } };
    const now = clock.now();
    const cmd = parseCommand(msg.text, { now, utcOffsetMinutes: config.utcOffsetMinutes, botName: config.botName, fromResident: me.role === 'resident' });
    const deadlines = createDeadlines({ slaClocks: stores.slaClocks, outbox: stores.outbox, sla: config.sla, addWorkdays: calendar.addWorkdays });
    const place = await placeOf(stores, { platform: msg.platform, ...msg.chat }, me, cmd.text, config.duty);
    const ctx: HandlerContext = { message: msg, sender: me, inboundId, stores, deadlines, calendar, clock, place, config: handlerConfig };
    const outcome = await route(cmd, ctx);
    const replied = found.registered && !me.verified ? await registrationNotice(outcome, me, stores.people) : outcome;
    // A reply in a group chat is read by everyone there: no phone or room number, whatever the handler wrote.
    return msg.chat.type === 'group' && replied.reply ? { ...replied, reply: { ...replied.reply, text: maskPersonal(replied.reply.text) } } : replied;
  }

  async function persist(outcome: Outcome, stores: Stores): Promise<void> {
    const now = clock.now();
    // Every push of the message in one set-based insert (dedupe keys already queued are skipped, as one by one).
    const rows = [];
    for (const n of outcome.notify ?? []) {
      const routed = await notifyRouter.rows(n, now, stores);
      if (!routed.length) logger.warn({ dedupeKey: n.dedupeKey }, 'notification has no channel that reaches the recipient');
      rows.push(...routed);
    }
    await stores.outbox.enqueue(rows, now);
  }

  /** The reply of a message whose conversation is gone: pushed to its sender, if there is one. */
  async function pushReply(msg: IncomingMessage, inboundId: number, reply: OutgoingMessage | undefined, stores: Stores): Promise<void> {
    const found = reply && (await lookup(msg, stores));
    if (!reply || !found || !('person' in found)) return;
    await stores.outbox.enqueue(await notifyRouter.rows({ to: { kind: 'person', personId: found.person.id }, message: reply, dedupeKey: recoveredReply(inboundId) }, clock.now(), stores));
  }

  async function processAlone(msg: IncomingMessage, inboundId: number): Promise<OutgoingMessage | undefined> {
    try {
      // Read outside the transaction (plain queries wait for it): the holiday override table is a few rows.
      const calendar = await loadCalendar(db.stores.calendar, config.utcOffsetMinutes);
      return await db.transaction(async (stores) => {
        // Taken by another instance (or a recovery) first: its transaction made the effects and the reply.
        if (!(await stores.inbound.claim(inboundId, clock.now()))) return undefined;
        const outcome = await decide(msg, inboundId, stores, calendar);
        await persist(outcome, stores);
        return outcome.reply;
      });
    } catch (err) {
      logger.error({ err, platform: msg.platform, msgId: msg.msgId }, 'handler failed');
      await db.stores.inbound.markProcessed(inboundId, clock.now(), errorText(err));
      return APOLOGY;
    }
  }

  return {
    process: processAlone,
    async processMany(rows, pushReplies) {
      const replies: Array<OutgoingMessage | undefined> = rows.map(() => undefined);
      if (!rows.length) return replies;
      const index = new Map(rows.map((r, i) => [r, i]));
      try {
        const calendar = await loadCalendar(db.stores.calendar, config.utcOffsetMinutes);
        await db.eachInTransaction(
          rows,
          async (row, stores) => {
            if (!(await stores.inbound.claim(row.inboundId, clock.now()))) return;
            const outcome = await decide(row.msg, row.inboundId, stores, calendar);
            await persist(outcome, stores);
            if (pushReplies) await pushReply(row.msg, row.inboundId, outcome.reply, stores);
            replies[index.get(row)!] = outcome.reply;
          },
          async (row, err, stores) => {
            logger.error({ err, platform: row.msg.platform, msgId: row.msg.msgId }, 'handler failed');
            await stores.inbound.markProcessed(row.inboundId, clock.now(), errorText(err));
            if (pushReplies) await pushReply(row.msg, row.inboundId, APOLOGY, stores);
            replies[index.get(row)!] = APOLOGY;
          },
        );
        return replies;
      } catch (err) {
        logger.warn({ err, messages: rows.length }, 'batch transaction failed; processing the messages one by one');
        for (const [i, { msg, inboundId }] of rows.entries()) {
          replies[i] = await processAlone(msg, inboundId);
          if (pushReplies) await pushReply(msg, inboundId, replies[i], db.stores);
        }
        return replies;
      }
    },
  };
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message.slice(0, 300) : 'error');
