// Photos and voice go onto a ticket (issue #12): the sender's report of the last 10 minutes, or the ticket their
// text names; otherwise they wait for a 「#单号」. Real HTTP callbacks of WeCom and DingTalk, real SQLite.
import { describe, expect, it } from 'vitest';
import { MINUTE, HOUR } from '../../src/clock.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { appImage, appText, appVoice, kfSay, mediaRows, robot, robotAudio, robotPicture, robotRichText, setupMedia } from './util.js';

const closeLater = closeAfterEach();
const start = async (env: Record<string, string> = {}) => closeLater(await setupMedia(env));
const REPORT = '报修 3栋2单元1502 厨房水管漏水';
const personId = async (s: Awaited<ReturnType<typeof start>>, name: string) => (await s.t.stores.people.find(name))!.id;

describe('photos and voice on a ticket', () => {
  it('an image sent within 10 minutes of the report goes onto that report', async () => {
    const s = await start();
    expect(await appText(s, 'lina', REPORT)).toContain('报修#1');
    s.clock.advance(10 * MINUTE);
    expect(await appImage(s, 'lina', 'media-leak-1')).toBe('已收到照片，已附在报修#1。');
    expect(await mediaRows(s)).toEqual([
      expect.objectContaining({ ticketId: 1, kind: 'image', platform: 'wecom', ref: 'media-leak-1', status: 'pending', path: null, senderId: await personId(s, '李娜'), attempts: 0 }),
    ]);
    // The sender's latest report counts, not an older one.
    s.clock.advance(MINUTE);
    expect(await appText(s, 'lina', '报修 5栋1单元301 卫生间渗水')).toContain('报修#2');
    expect(await appImage(s, 'lina', 'media-leak-2')).toBe('已收到照片，已附在报修#2。');
  });

  it('11 minutes after the report it is kept unattached and the reply says how to attach; 「#1」 then attaches it', async () => {
    const s = await start();
    await appText(s, 'lina', REPORT);
    s.clock.advance(11 * MINUTE);
    const reply = await appImage(s, 'lina', 'media-late');
    expect(reply).toContain('没有找到可以附上的工单');
    expect(reply).toContain('请在10分钟内发送「#单号」');
    expect(reply).toContain('或先报修再发照片');
    expect(await mediaRows(s)).toEqual([expect.objectContaining({ ticketId: null, status: 'unattached', ref: 'media-late' })]);

    s.clock.advance(3 * MINUTE);
    expect(await appText(s, 'lina', '#1')).toBe('已收到照片，已附在报修#1。');
    expect(await mediaRows(s)).toEqual([expect.objectContaining({ ticketId: 1, status: 'pending', nextAttemptAt: s.clock.now() })]);
    // Nothing is waiting any more: 「#1」 is ordinary chat again.
    expect(await appText(s, 'lina', '#1')).toBe('没有识别到指令。发送「帮助」查看可用指令。');

    // A 「#1」 more than 10 minutes after the photo does not reach back to it.
    await appImage(s, 'lina', 'media-forgotten');
    s.clock.advance(11 * MINUTE);
    expect(await appText(s, 'lina', '#1')).toBe('没有识别到指令。发送「帮助」查看可用指令。');
    expect((await mediaRows(s)).at(-1)).toMatchObject({ ref: 'media-forgotten', status: 'unattached', ticketId: null });
  });

  it('an image whose text names 「#1」 goes onto #1 hours later, also someone else’s report (DingTalk 图文)', async () => {
    const s = await start();
    await appText(s, 'lina', REPORT);
    s.clock.advance(3 * HOUR);
    expect(await robot(s, robotRichText(s, 'zhangwei01', '#1 现场照片', 'dl-code-1', 'dl-code-2'))).toBe('已收到照片2张，已附在报修#1。');
    expect(await mediaRows(s)).toEqual([
      expect.objectContaining({ ticketId: 1, kind: 'image', platform: 'dingtalk', ref: 'dl-code-1', status: 'pending', senderId: await personId(s, '张伟') }),
      expect.objectContaining({ ticketId: 1, kind: 'image', platform: 'dingtalk', ref: 'dl-code-2', status: 'pending' }),
    ]);
    // A number that is no ticket: kept unattached, and the reply says so.
    const wrong = await robot(s, robotRichText(s, 'zhangwei01', '#99', 'dl-code-3'));
    expect(wrong).toContain('没有找到工单 #99');
    expect((await mediaRows(s)).at(-1)).toMatchObject({ ref: 'dl-code-3', status: 'unattached', ticketId: null });
  });

  it('a resident may add only to their own tickets (微信客服)', async () => {
    const s = await start();
    await appText(s, 'lina', REPORT); // #1, not 王芳's
    expect(await kfSay(s, { text: '7栋1单元803 卫生间漏水了' })).toContain('报修#2');
    s.clock.advance(20 * MINUTE);
    expect(await kfSay(s, { image: 'kf-media-1' })).toContain('没有找到可以附上的工单');
    expect(await kfSay(s, { text: '#1' })).toBe('抱歉，只能给您本人提交的工单附照片或语音。');
    expect(await kfSay(s, { text: '#2' })).toBe('已收到照片，已附在报修#2。');
    expect(await mediaRows(s)).toEqual([expect.objectContaining({ ticketId: 2, platform: 'wecom-kf', ref: 'kf-media-1', status: 'pending', senderId: await personId(s, '王芳') })]);
  });

  it('voice attaches like a photo (WeCom app, DingTalk); a report spoken as voice gets its own recording', async () => {
    const s = await start();
    await appText(s, 'lina', REPORT);
    s.clock.advance(2 * MINUTE);
    expect(await appVoice(s, 'lina', 'voice-media-1')).toBe('已收到语音，已附在报修#1。');
    expect(await robot(s, robotAudio(s, 'lina01', 'dl-voice-1', '水还在往下滴'))).toBe('已收到语音，已附在报修#1。');
    // The recognised text is a report: the command runs, and the voice goes onto the ticket it created.
    const spoken = await appVoice(s, 'lina', 'voice-media-2', '报修 5栋电梯异响');
    expect(spoken).toContain('报修#2');
    expect(spoken).toContain('已收到语音，已附在报修#2。');
    expect((await mediaRows(s)).map((r) => [r.ticketId, r.kind, r.platform, r.ref])).toEqual([
      [1, 'voice', 'wecom', 'voice-media-1'],
      [1, 'voice', 'dingtalk', 'dl-voice-1'],
      [2, 'voice', 'wecom', 'voice-media-2'],
    ]);
  });

  it('a command that comes with photos still runs, and the photos go onto the ticket it names', async () => {
    const s = await start();
    await appText(s, 'lina', REPORT);
    s.clock.advance(HOUR);
    const reply = await robot(s, robotRichText(s, 'lina01', '查询 #1', 'dl-status-1'));
    expect(reply).toContain('报修#1 待派单');
    expect(reply).toContain('已收到照片，已附在报修#1。');
    // A command about something else (a leave request) takes no photo onto a ticket.
    await robot(s, robotRichText(s, 'lina01', '请假 明天 事假 家里有事', 'dl-leave-1'));
    expect((await mediaRows(s)).map((r) => r.ref)).toEqual(['dl-status-1']);
  });

  it('a redelivered image message adds no second row', async () => {
    const s = await start();
    await appText(s, 'lina', REPORT);
    expect(await appImage(s, 'lina', 'media-dup', 'img-msg-1')).toBe('已收到照片，已附在报修#1。');
    expect(await appImage(s, 'lina', 'media-dup', 'img-msg-1')).toBe(''); // the platform's retry: answered empty
    const picture = robotPicture(s, 'lina01', 'dl-dup');
    await robot(s, picture);
    await robot(s, picture);
    expect((await mediaRows(s)).map((r) => r.ref)).toEqual(['media-dup', 'dl-dup']);
    // The unique (inboundId, ref) holds even if the same row were recorded again (recovery after a crash).
    const row = (await mediaRows(s))[0]!;
    const again = { ticketId: 1, kind: 'image' as const, platform: 'wecom', ref: row.ref, senderId: row.senderId, inboundId: row.inboundId };
    expect(await s.t.stores.ticketMedia.record([again], s.clock.now())).toBe(0);
    expect(await s.t.prisma.ticketMedia.count()).toBe(2);
  });

  it('查询 #1 shows how many photos and voice messages; the engineer’s 派单 push says there are photos', async () => {
    const s = await start();
    await appText(s, 'lina', REPORT);
    expect(await appText(s, 'lina', '查询 #1')).not.toContain('照片');
    await appImage(s, 'lina', 'p-1');
    await appImage(s, 'lina', 'p-2');
    expect(await appText(s, 'lina', '查询 #1')).toContain('\n照片：2张\n');
    expect(await appText(s, 'lina', '派单 #1 张伟')).toContain('已派单');
    const push = (await s.t.prisma.outbox.findMany({ where: { personId: await personId(s, '张伟') } })).at(-1)!;
    expect(push.text).toContain('【派单】');
    expect(push.text).toContain('附照片2张，发送「查询 #1」查看');
    await appVoice(s, 'lina', 'v-1', '#1');
    expect(await appText(s, 'lina', '查询 #1')).toContain('\n照片：2张，语音：1条\n');
    // The list the dashboard reads: every row of the ticket, oldest first.
    expect((await s.t.stores.ticketMedia.listForTicket(1)).map((m) => [m.kind, m.ref, m.path])).toEqual([
      ['image', 'p-1', null],
      ['image', 'p-2', null],
      ['voice', 'v-1', null],
    ]);
  });
});
