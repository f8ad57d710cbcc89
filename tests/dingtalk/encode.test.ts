import { describe, expect, it } from 'vitest';
import { atOf, toBatchSend, toGroupSend, toTemplate, toWebhook, titleOf } from '../../src/bot/dingtalk/encode.js';

describe('encode', () => {
  it('sampleText with msgParam as a JSON string', () => {
    const body = toTemplate({ text: '报修#1 已受理' });
    expect(body).toEqual({ msgKey: 'sampleText', msgParam: '{"content":"报修#1 已受理"}' });
    expect(typeof body.msgParam).toBe('string');
  });

  it('sampleMarkdown with a title from the message or its first line', () => {
    expect(toTemplate({ text: 'x', markdown: '### 超时提醒\n报修#3 已超时', title: '超时提醒' })).toEqual({
      msgKey: 'sampleMarkdown',
      msgParam: JSON.stringify({ title: '超时提醒', text: '### 超时提醒\n报修#3 已超时' }),
    });
    expect(titleOf({ text: '### 交班提醒：今晚 20:00 交班，请提前准备交班记录' })).toBe('交班提醒：今晚 20:00 交班，请提前');
    expect(titleOf({ text: '' })).toBe('通知');
  });

  it('batchSend and groupMessages bodies', () => {
    expect(toBatchSend('dingrobot', ['u1'], { text: 'hi' })).toEqual({ robotCode: 'dingrobot', userIds: ['u1'], msgKey: 'sampleText', msgParam: '{"content":"hi"}' });
    expect(toGroupSend('dingrobot', 'cid==', { text: 'hi' })).toEqual({ robotCode: 'dingrobot', openConversationId: 'cid==', msgKey: 'sampleText', msgParam: '{"content":"hi"}' });
  });

  it('custom robot / sessionWebhook text with @userIds and @mobiles rendered in the text', () => {
    expect(toWebhook({ text: '请 @zhaoqiang 派单', mentions: ['zhaoqiang', '13800000001'] })).toEqual({
      msgtype: 'text',
      text: { content: '请 @zhaoqiang 派单\n@13800000001' },
      at: { atUserIds: ['zhaoqiang'], atMobiles: ['13800000001'], isAtAll: false },
    });
    expect(toWebhook({ text: '无人可@' })).toEqual({ msgtype: 'text', text: { content: '无人可@' } });
  });

  it('markdown webhook body', () => {
    expect(toWebhook({ text: 'plain', markdown: '**报修#2** 已派单', title: '派单', mentions: ['lina'] })).toEqual({
      msgtype: 'markdown',
      markdown: { title: '派单', text: '**报修#2** 已派单\n@lina' },
      at: { atUserIds: ['lina'], atMobiles: [], isAtAll: false },
    });
  });

  it('atOf drops blanks and duplicates', () => {
    expect(atOf(['a', ' a ', ''])).toEqual({ atUserIds: ['a'], atMobiles: [], isAtAll: false });
    expect(atOf([])).toBeUndefined();
  });
});
