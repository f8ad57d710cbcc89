// The one path every channel uses: record (dedupe) → resolve sender → parse → handler → outbox.
import type { Logger } from 'pino';
import type { DispatchResult, Dispatcher } from './bot/channel.js';
import type { IncomingMessage, OutgoingMessage } from './bot/message.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { HandlerContext } from './handlers/context.js';
import type { Outcome } from './handlers/outcome.js';
import { parseCommand } from './handlers/parse/index.js';
import { route } from './handlers/router.js';
import { createInboundBatcher } from './inbound-batcher.js';
import { createSerialQueue } from './serial-queue.js';
import type { WorkCalendar } from './handlers/sla/calendar.js';
import { loadCalendar } from './handlers/sla/overrides.js';
import { createDeadlines } from './handlers/sla/deadlines.js';
import type { NotifyRouter } from './notify.js';
import { createStores, withTransaction, type Stores } from './store/index.js';
import type { PrismaClient } from './store/prisma/client.js';
import type { Person, Role } from './store/types.js';

export interface DispatchDeps {
  prisma: PrismaClient;
  config: Config;
  clock: Clock;
  logger: Logger;
  notifyRouter: NotifyRouter;
}

export interface AppDispatcher extends Dispatcher {
  /** Re-runs inbound rows that were recorded but never processed (a crash between ack and processing). */
  recover(): Promise<number>;
  /** Resolves when every message accepted so far has been processed (shutdown, tests). */
  idle(): Promise<void>;
}

/** Longest a queued message waits for a quiet moment in the intake (ms). */
const INTAKE_FIRST_MAX_MS = 100;

const APOLOGY: OutgoingMessage = { text: '抱歉，系统处理这条消息时出错了，已记录。请稍后再试，或直接联系客服中心。' };

/** Looks the sender up in the directory; unknown senders are registered (staff in staff channels, residents via 微信客服). */
async function resolveSender(msg: IncomingMessage, stores: Stores): Promise<Person | null> {
  const { people } = stores;
  if (msg.platform === 'console') return people.byId(Number(msg.sender.id));
  const platform = msg.platform === 'dingtalk' ? 'dingtalk' : 'wecom';
  const known = await people.byPlatformId(platform, msg.sender.id);
  if (known) return known;
  const role: Role = msg.platform === 'wecom-kf' ? 'resident' : 'staff';
  return people.create({
    name: msg.sender.name?.trim() || (role === 'resident' ? `住户${msg.sender.id.slice(-4)}` : msg.sender.id),
    role,
    team: null,
    wecomUserId: platform === 'wecom' ? msg.sender.id : null,
    dingtalkUserId: platform === 'dingtalk' ? msg.sender.id : null,
    phone: null,
  });
}

export function createDispatcher(deps: DispatchDeps): AppDispatcher {
  const { prisma, config, clock, logger, notifyRouter } = deps;
  const root = createStores(prisma);
  const handlerConfig = { sla: config.sla, leave: config.leave, utcOffsetMinutes: config.utcOffsetMinutes, timeZone: config.timeZone, botName: config.botName };

  async function run(msg: IncomingMessage, inboundId: number, stores: Stores, calendar: WorkCalendar): Promise<Outcome> {
    const sender = await resolveSender(msg, stores);
    if (!sender) return { reply: { text: '未找到该身份，请先在人员名单中登记。' } };
    if (!sender.active) return { reply: { text: '您的账号已停用，如有疑问请联系客服中心。' } };
    const now = clock.now();
    const cmd = parseCommand(msg.text, { now, utcOffsetMinutes: config.utcOffsetMinutes, botName: config.botName, fromResident: sender.role === 'resident' });
    const deadlines = createDeadlines({ slaClocks: stores.slaClocks, outbox: stores.outbox, sla: config.sla, addWorkdays: calendar.addWorkdays });
    const ctx: HandlerContext = { message: msg, sender, inboundId, stores, deadlines, clock, config: handlerConfig };
    return route(cmd, ctx);
  }

  async function process(msg: IncomingMessage, inboundId: number): Promise<OutgoingMessage | undefined> {
    try {
      // Read outside the transaction (plain queries wait for it): the holiday override table is a few rows.
      const calendar = await loadCalendar(prisma, config.utcOffsetMinutes);
      return await withTransaction(prisma, async (stores) => {
        const outcome = await run(msg, inboundId, stores, calendar);
        const now = clock.now();
        for (const n of outcome.notify ?? []) {
          const rows = await notifyRouter.rows(n, now, stores.people);
          if (!rows.length) logger.warn({ dedupeKey: n.dedupeKey }, 'notification has no channel that reaches the recipient');
          await stores.outbox.enqueue(rows);
        }
        await stores.inbound.markProcessed(inboundId, now);
        return outcome.reply;
      });
    } catch (err) {
      logger.error({ err, platform: msg.platform, msgId: msg.msgId }, 'handler failed');
      await root.inbound.markProcessed(inboundId, clock.now(), err instanceof Error ? err.message.slice(0, 300) : 'error');
      return APOLOGY;
    }
  }

  const queue = createSerialQueue();
  const inbound = createInboundBatcher(prisma, () => clock.now());

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
  async function respond(msg: IncomingMessage, inboundId: number): Promise<DispatchResult> {
    const wait = config.replyWaitMs;
    const busy = queue.expectedWaitMs() > wait;
    const result = queue.push(async () => {
      await intakeFirst();
      return process(msg, inboundId);
    });
    if (busy) return { duplicate: false, later: result };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), wait)));
    const first = await Promise.race([result.then((reply) => ({ reply })), timeout]);
    clearTimeout(timer);
    return first === 'timeout' ? { duplicate: false, later: result } : { duplicate: false, reply: first.reply };
  }

  async function recoverRows(rows: Awaited<ReturnType<typeof prisma.inboundMessage.findMany>>) {
    for (const r of rows) {
      const msg: IncomingMessage = {
        platform: r.platform as IncomingMessage['platform'],
        msgId: r.msgId,
        chat: { id: r.chatId ?? '', type: r.chatType === 'group' ? 'group' : 'direct' },
        sender: { id: r.senderId ?? '' },
        text: r.text ?? '',
        mentionsBot: true,
        receivedAt: r.receivedAt,
        attachments: r.attachments ? JSON.parse(r.attachments) : undefined,
      };
      const reply = await queue.push(() => process(msg, r.id));
      // The original conversation cannot be answered any more: push the reply to the sender instead.
      const sender = reply && (await resolveSender(msg, root));
      if (reply && sender) {
        await root.outbox.enqueue(await notifyRouter.rows({ to: { kind: 'person', personId: sender.id }, message: reply, dedupeKey: `recover:${r.id}` }, clock.now(), root.people));
      }
    }
  }

  let lastRecovered = 0;

  return {
    idle: () => queue.idle(),

    async handle(msg: IncomingMessage): Promise<DispatchResult> {
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
      return respond(msg, id);
    },

    async recover() {
      let total = 0;
      for (;;) {
        const rows = await prisma.inboundMessage.findMany({ where: { processedAt: null, id: { gt: lastRecovered } }, orderBy: { id: 'asc' }, take: 500 });
        if (!rows.length) return total;
        total += rows.length;
        lastRecovered = rows[rows.length - 1]!.id;
        await recoverRows(rows);
      }
    },
  };
}
