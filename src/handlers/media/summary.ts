// How many photos and voice messages a ticket has, for 查询 #12 and the engineer's 派单 push.
import type { Stores } from '../../store/index.js';

/** 「照片：3张」 (with voice and failures when there are any), or '' when the ticket has none. */
export async function mediaLine(stores: Pick<Stores, 'ticketMedia'>, ticketId: number): Promise<string> {
  const c = await stores.ticketMedia.counts(ticketId);
  const parts = [c.image ? `照片：${c.image}张` : '', c.voice ? `语音：${c.voice}条` : '', c.failed ? `另有${c.failed}个未能保存` : ''];
  return parts.filter(Boolean).join('，');
}

/** The 派单 push line 「附照片2张，发送「查询 #12」查看」, as a list of zero or one line. */
export async function mediaNote(stores: Pick<Stores, 'ticketMedia'>, ticketId: number): Promise<string[]> {
  const c = await stores.ticketMedia.counts(ticketId);
  const what = [c.image ? `照片${c.image}张` : '', c.voice ? `语音${c.voice}条` : ''].filter(Boolean).join('、');
  return what ? [`附${what}，发送「查询 #${ticketId}」查看`] : [];
}
