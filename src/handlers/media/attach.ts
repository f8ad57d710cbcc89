// Photos and voice on a ticket (#12). A message that carries images or voice and is no command is the media itself:
// it goes onto the ticket its text names (「#12」), else onto the sender's latest report when that is at most
// ATTACH_WINDOW_MS old; otherwise it is kept unattached, and a 「#12」 the sender writes within the window attaches it.
// A message whose text is a command still goes to its command; its media go onto the ticket the command names
// (完工 #12 …) or creates (a report sent as a voice message). One row per attachment, unique per inbound row and
// ref, so a redelivery adds nothing; the files are fetched later by the media-fetch job. Photos for a leave request (a
// doctor's certificate) go onto the request instead: leave/certificate.ts.
import type { IncomingMessage } from '../../bot/message.js';
import type { MediaKind, Ticket } from '../../store/index.js';
import type { Command, Intent } from '../command/command.js';
import type { Handler, HandlerContext } from '../context.js';
import { ticketRef } from '../format.js';
import { say, text, type Outcome } from '../outcome.js';
import { routeLeaveMedia } from '../leave/certificate.js';
import { check } from '../roles.js';

/** How long after a report (or after unattached media) the sender's media still find their ticket. */
export const ATTACH_WINDOW_MS = 10 * 60_000;
const WINDOW_ZH = `${ATTACH_WINDOW_MS / 60_000}分钟`;

/** Messages that are no command: their media are the message, and their 「#12」 names the ticket for them. */
const NOT_A_COMMAND: ReadonlySet<Intent> = new Set(['none', 'help']);
/** Commands whose number is a ticket (not a leave request, a drill or a person). */
const TICKET_COMMANDS: ReadonlySet<Intent> = new Set([
  'status', 'dispatch', 'accept', 'arrive', 'complete', 'reply', 'process', 'resolve', 'invalid', 'followup', 'close',
  'pause', 'resume', 'categorize', 'convert', 'appoint',
]);

const NAMED = /#\s*(\d{1,9})(?!\d)/;
/** 「#12」 and nothing else: a reference, however the parser reads it (a resident's text may become an inquiry). */
const BARE_REF = /^#\s*\d{1,9}$/;

/** The text is no command: media with it are the message, and its 「#12」 names their ticket. */
const noCommand = (cmd: Command) => NOT_A_COMMAND.has(cmd.intent) || BARE_REF.test(cmd.text.trim());

export interface MediaItem {
  kind: MediaKind;
  ref: string;
}

/** The images and voice messages of a message that can be fetched (they have a ref). */
export function mediaOf(msg: IncomingMessage): MediaItem[] {
  const items: MediaItem[] = [];
  for (const a of msg.attachments ?? []) {
    if ((a.kind === 'image' || a.kind === 'voice') && typeof a.ref === 'string' && a.ref.length > 0 && a.ref.length <= 2000) items.push({ kind: a.kind, ref: a.ref });
  }
  return items;
}

/** Whether the message is about media: it carries some, or it is a bare 「#12」 that may be for media sent just before. */
export function concernsMedia(cmd: Command, msg: IncomingMessage): boolean {
  return mediaOf(msg).length > 0 || (noCommand(cmd) && NAMED.test(cmd.text));
}

/** 照片 / 照片2张、语音1条 */
function what(items: readonly { kind: MediaKind }[]): string {
  const images = items.filter((i) => i.kind === 'image').length;
  const voices = items.length - images;
  if (items.length === 1) return images ? '照片' : '语音';
  return [images ? `照片${images}张` : '', voices ? `语音${voices}条` : ''].filter(Boolean).join('、');
}

const attached = (items: readonly { kind: MediaKind }[], t: Ticket) => `已收到${what(items)}，已附在${ticketRef(t)}。`;

/** Why the sender may not add to this ticket, or null: the same people who may look at it (查询), the accused excepted. */
function refusal(t: Ticket, ctx: HandlerContext): string | null {
  if (t.accusedId === ctx.sender.id) return `${ticketRef(t)} 是与您有关的投诉，按规定应当回避。`;
  return check('ticket.view', ctx.sender, { reporterId: t.reporterId }) ? '抱歉，只能给您本人提交的工单附照片或语音。' : null;
}

async function record(items: readonly MediaItem[], ticketId: number | null, ctx: HandlerContext): Promise<void> {
  const base = { ticketId, platform: ctx.message.platform, senderId: ctx.sender.id, inboundId: ctx.inboundId };
  await ctx.stores.ticketMedia.record(items.map((i) => ({ ...base, kind: i.kind, ref: i.ref })), ctx.clock.now());
}

/** The sender's latest open report. */
async function latestReport(ctx: HandlerContext): Promise<Ticket | null> {
  const mine = await ctx.stores.tickets.listOpen({ reporterId: ctx.sender.id });
  return mine.reduce<Ticket | null>((a, t) => (!a || t.id > a.id ? t : a), null);
}

/** The sender's latest report, when it is at most ATTACH_WINDOW_MS old. */
async function recentReport(ctx: HandlerContext): Promise<Ticket | null> {
  const latest = await latestReport(ctx);
  return latest && latest.createdAt.getTime() >= ctx.clock.now().getTime() - ATTACH_WINDOW_MS ? latest : null;
}

/** The ticket this very message created (a report sent as a voice message), by the inbound id on its first event. */
async function createdHere(ctx: HandlerContext): Promise<Ticket | null> {
  const latest = await latestReport(ctx);
  const [created] = latest ? await ctx.stores.tickets.events(latest.id) : [];
  return latest && created?.inboundId === ctx.inboundId ? latest : null;
}

function append(outcome: Outcome, line: string): Outcome {
  const r = outcome.reply;
  return { ...outcome, reply: r ? { ...r, text: `${r.text}\n${line}`, ...(r.markdown ? { markdown: `${r.markdown}\n\n${line}` } : {}) } : text(line) };
}

/** A command that came with media: the command's outcome, and the media on the ticket it names or created. */
async function command(items: MediaItem[], cmd: Command, ctx: HandlerContext, run: Handler): Promise<Outcome> {
  const outcome = await run(cmd, ctx);
  const t = TICKET_COMMANDS.has(cmd.intent) && cmd.ref ? await ctx.stores.tickets.get(Number(cmd.ref)) : await createdHere(ctx);
  if (!t || refusal(t, ctx)) return outcome;
  await record(items, t.id, ctx);
  return append(outcome, attached(items, t));
}

/** 「#12」 alone: the sender's unattached media of the last ATTACH_WINDOW_MS go onto #12; null when there are none. */
async function claim(id: number, ctx: HandlerContext): Promise<Outcome | null> {
  const now = ctx.clock.now();
  const waiting = await ctx.stores.ticketMedia.unattached(ctx.sender.id, new Date(now.getTime() - ATTACH_WINDOW_MS));
  if (!waiting.length) return null;
  const t = await ctx.stores.tickets.get(id);
  if (!t) return say(`没有找到工单 #${id}，请核对单号后重新发送「#单号」。`);
  const why = refusal(t, ctx);
  if (why) return say(why);
  await ctx.stores.ticketMedia.attach(waiting.map((m) => m.id), t.id, now);
  return say(attached(waiting, t));
}

/** Routes a message that concernsMedia(); `run` is the command router for what is a command. */
export async function routeMedia(cmd: Command, ctx: HandlerContext, run: Handler): Promise<Outcome> {
  const items = mediaOf(ctx.message);
  // A doctor's certificate for a sick leave (leave/certificate.ts) before the ticket rules.
  const forLeave = items.length ? await routeLeaveMedia(items, cmd, ctx, run, noCommand(cmd), async () => (await recentReport(ctx))?.createdAt ?? null) : null;
  if (forLeave) return forLeave;
  if (!noCommand(cmd)) return items.length ? command(items, cmd, ctx, run) : run(cmd, ctx);
  const named = NAMED.exec(cmd.text)?.[1];
  if (!items.length) return (named && (await claim(Number(named), ctx))) || run(cmd, ctx);

  const t = named ? await ctx.stores.tickets.get(Number(named)) : await recentReport(ctx);
  const why = named && !t ? `没有找到工单 #${named}，请核对单号。` : t ? refusal(t, ctx) : null;
  if (t && !why) {
    await record(items, t.id, ctx);
    return say(attached(items, t));
  }
  // Kept unattached: the sender's 「#单号」 within the window attaches it.
  await record(items, null, ctx);
  const how = `请在${WINDOW_ZH}内发送「#单号」（例如「#12」）附到工单，或先报修再发${items.some((i) => i.kind === 'image') ? '照片' : '语音'}。`;
  return say(why ? `${why}${what(items)}暂未附上，${how}` : `已收到${what(items)}，但没有找到可以附上的工单。${how}`);
}
