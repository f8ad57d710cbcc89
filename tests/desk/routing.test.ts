// Categories and routing: each category goes to its team; an unstaffed team falls back to the desk (in the
// history); the desk may change the category (分类), which re-routes the ticket.
import { describe, expect, it } from 'vitest';
import { say } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { ticketRow } from '../workflows/util.js';
import { deskApp, history, told } from './util.js';

const closeLater = closeAfterEach();

describe('routing by category', () => {
  it('a parking complaint goes to 保安 (its lead) and the desk supervisor, not to 工程', async () => {
    const t = closeLater(await deskApp());
    const reply = await say(t, '王芳', '楼下车库有人乱停车堵住我的车位');
    expect(reply).toContain('投诉#1');
    expect(await ticketRow(t, 1)).toMatchObject({ kind: 'complaint', category: '停车', team: '保安' });
    const toldOf = await told(t, '投诉#1');
    expect(toldOf).toEqual(expect.arrayContaining(['陈静', '钱峰']));
    expect(toldOf).not.toContain('赵强');
    expect(toldOf).not.toContain('张伟');
    expect(await history(t, 1)).toEqual([['created', '类别：停车，保安组']]);
  });

  it('a cleaning complaint with no 保洁 people falls back to the desk, and the history says so', async () => {
    const t = closeLater(await deskApp());
    await say(t, '王芳', '投诉 7栋1单元 楼道垃圾三天没人清理，很臭');
    expect(await ticketRow(t, 1)).toMatchObject({ category: '卫生', team: '客服' });
    const [action, note] = (await history(t, 1))[0]!;
    expect(action).toBe('created');
    expect(note).toContain('卫生类应由保洁组处理，名单中没有保洁组人员，转客服组');
  });

  it('a leak is a 水电 repair for 工程; 分类 by the desk re-routes and tells the new team', async () => {
    const t = closeLater(await deskApp());
    await say(t, '李娜', '报修 3栋2单元1502 厨房水管漏水');
    expect(await ticketRow(t, 1)).toMatchObject({ kind: 'repair', category: '水电', team: '工程' });
    expect(await say(t, '张伟', '分类 #1 门窗')).toMatch(/调整分类由客服/);
    expect(await say(t, '李娜', '分类 #1 停车')).toMatch(/可选的类别：水电、门窗/);
    const done = await say(t, '李娜', '分类 #1 公共设施');
    expect(done).toContain('水电 → 公共设施');
    expect((await history(t, 1)).at(-1)).toEqual(['categorized', '水电 → 公共设施，工程组']);
    expect(await say(t, '李娜', '查询 #1')).toContain('类别：公共设施（工程组）');
  });
});
