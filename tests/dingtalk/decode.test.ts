import { describe, expect, it } from 'vitest';
import { decode, isRobotPayload, replyHintOf } from '../../src/bot/dingtalk/decode.js';
import { robotText } from './util.js';

const CREATE = 1763859600000;
const NOW = new Date('2026-11-23T09:00:00+08:00');

describe('decode', () => {
  it('maps a group text message (official example shape)', () => {
    const body = robotText({ text: '报修 3栋2单元1502 厨房水管漏水', createAt: CREATE, msgId: 'msgLICYe1234==' });
    const msg = decode(body, { now: NOW })!;
    expect(msg).toMatchObject({
      platform: 'dingtalk',
      msgId: 'msgLICYe1234==',
      chat: { id: 'cidGroupAbc123==', type: 'group' },
      sender: { id: 'zhangwei01', name: '张伟' },
      text: '报修 3栋2单元1502 厨房水管漏水',
      mentionsBot: true,
      receivedAt: NOW,
      replyHint: {
        sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=abc',
        sessionWebhookExpiredTime: CREATE + 5_400_000,
        conversationType: '2',
        conversationId: 'cidGroupAbc123==',
        robotCode: 'dingappkey',
        senderStaffId: 'zhangwei01',
      },
    });
    expect(msg.raw).toBe(body);
    expect(msg.attachments).toBeUndefined();
    expect(replyHintOf(msg)?.conversationType).toBe('2');
  });

  it('maps a one-to-one chat ("1" → direct), receivedAt from createAt without a clock', () => {
    const msg = decode(robotText({ group: false, createAt: CREATE }))!;
    expect(msg.chat).toEqual({ id: 'cidDirectXyz789==', type: 'direct' });
    expect(msg.mentionsBot).toBe(true);
    expect(msg.receivedAt).toEqual(new Date(CREATE));
  });

  it('falls back to senderId when senderStaffId is empty (unpublished bot, external member)', () => {
    const msg = decode({ ...robotText({ createAt: CREATE }), senderStaffId: '' })!;
    expect(msg.sender.id).toBe('$:LWCP_v1:$senderSender==');
    expect(replyHintOf(msg)?.senderStaffId).toBeUndefined();
  });

  it.each([
    ['leading space left by DingTalk', ' 帮助', '帮助'],
    ['mention typed at the end', '帮助@值班台', '帮助'],
    ['leftover own mention, others kept', '@值班台 请 @李娜 处理 3栋漏水', '请 @李娜 处理 3栋漏水'],
    ['only @Bot', '@值班台\u2005', ''],
    ['someone with a longer name is kept', '@值班台助理 你好', '@值班台助理 你好'],
  ])('text: %s', (_name, content, text) => {
    const body = { ...robotText({ createAt: CREATE }), text: { content } };
    expect(decode(body, { botNames: ['值班台'] })!.text).toBe(text);
  });

  it('records rich text pictures as attachments and keeps the text', () => {
    const body = {
      ...robotText({ createAt: CREATE }),
      msgtype: 'richText',
      text: undefined,
      content: { richText: [{ text: '报修 5栋1单元301 ' }, { type: 'picture', downloadCode: 'dlc-1', pictureDownloadCode: 'pdc-1' }, { text: '卫生间吊顶漏水' }] },
    };
    const msg = decode(body)!;
    expect(msg.text).toBe('报修 5栋1单元301\n卫生间吊顶漏水');
    expect(msg.attachments).toEqual([{ kind: 'image', ref: 'dlc-1' }]);
  });

  it.each([
    ['picture', { downloadCode: 'pic-code' }, '', [{ kind: 'image', ref: 'pic-code' }]],
    ['audio', { downloadCode: 'aud-code', duration: 4000, recognition: '三栋停电了' }, '三栋停电了', [{ kind: 'voice', ref: 'aud-code' }]],
    ['video', { downloadCode: 'vid-code', duration: 9000, videoType: 'mp4' }, '', [{ kind: 'video', ref: 'vid-code' }]],
    ['file', { downloadCode: 'file-code', fileName: '交班记录.xlsx' }, '', [{ kind: 'file', ref: 'file-code', note: '交班记录.xlsx' }]],
  ])('%s', (msgtype, content, text, attachments) => {
    const msg = decode({ ...robotText({ group: false, createAt: CREATE }), msgtype, text: undefined, content })!;
    expect(msg.text).toBe(text);
    expect(msg.attachments).toEqual(attachments);
  });

  it('returns null for unsupported msgtypes and malformed bodies', () => {
    const ok = robotText({ createAt: CREATE });
    expect(decode({ ...ok, msgtype: 'interactiveCard' })).toBeNull();
    expect(decode({ ...ok, msgtype: 'picture' })).toBeNull(); // no content.downloadCode
    expect(decode({ ...ok, text: { content: 42 } })).toBeNull();
    for (const bad of [null, 'text', [], {}, { ...ok, msgId: '' }, { ...ok, conversationType: 2 }, { ...ok, conversationId: undefined }, { ...ok, senderId: '', senderStaffId: '' }]) {
      expect(isRobotPayload(bad)).toBe(false);
      expect(decode(bad)).toBeNull();
    }
  });

  it('a group message without the bot in the @ list says so', () => {
    expect(decode({ ...robotText({ createAt: CREATE }), isInAtList: false })!.mentionsBot).toBe(false);
  });
});
