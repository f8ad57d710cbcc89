// 人员 → 导入名单 over HTTP with real sessions: the template, a preview that writes nothing, the confirm with its CSRF
// token, line-numbered errors (also for a GBK file), and a supervisor held to the properties they serve.
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signIn } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const HEADER = '姓名,角色,组别,企业微信账号,钉钉账号,手机号,在职,项目';
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const app = () => buildTestApp({ env: { PROPERTIES: '阳光花园;翠湖苑' } });

describe('人员: import a CSV from the page', () => {
  it('template, preview (nothing written), confirm with the CSRF token, then the person is listed with a masked phone', async () => {
    t = await app();
    const b = await signIn(t, '陈静');
    const page = await b.get('/dashboard/people');
    expect(page.body).toContain('id="import-form"');
    expect(page.body).toContain('href="/dashboard/people/template.csv"');
    const template = await t.app.inject({ method: 'GET', url: '/dashboard/people/template.csv', headers: { cookie: b.cookie } });
    expect(template.headers['content-type']).toContain('text/csv');
    expect(template.headers['content-disposition']).toContain(encodeURIComponent('人员名单模板.csv'));
    expect(template.body.startsWith(`\uFEFF${HEADER}\r\n张三,员工,工程,zhangsan,,13800001234,是,阳光花园|翠湖苑\r\n`)).toBe(true);

    const file = `\uFEFF${HEADER}\n韩梅,员工,工程,hanmei,,139 1234 5678,是,阳光花园\n张伟,组长,工程,,,,是,\n孙磊,员工,保安,,,,否,\n`;
    const preview = await b.post('/dashboard/people/import', { file: b64(file), name: '人员.csv', step: 'preview' });
    expect(preview.status).toBe(200);
    const cards = [...preview.body.matchAll(/<div class="muted">(新增|更新|无变化|停用)<\/div><div class="n">(\d+)<\/div>/g)].map((m) => `${m[1]}${m[2]}`);
    expect(cards).toEqual(['新增1', '更新1', '无变化0', '停用1']);
    expect(preview.body).toContain('<td>2</td><td>韩梅</td><td>员工</td><td>工程</td><td class="hide-sm">139****5678</td><td>阳光花园</td>');
    expect(preview.body).toContain('角色 员工→组长');
    expect(preview.body).toMatch(/停用（离职）（1）.*<td>4<\/td><td>孙磊<\/td>/s);
    expect(preview.body).not.toContain('13912345678');
    expect(await t.stores.people.find('韩梅')).toBeNull();
    expect((await t.stores.people.find('孙磊'))!.active).toBe(true);

    const confirmFile = /name="file" value="([^"]+)"/.exec(preview.body.slice(preview.body.indexOf('name="step" value="confirm"') - 400))![1]!;
    expect((await b.post('/dashboard/people/import', { file: confirmFile, name: '人员.csv', step: 'confirm' }, { csrf: false })).status).toBe(403);
    expect(await t.stores.people.find('韩梅')).toBeNull();
    const done = await b.post('/dashboard/people/import', { file: confirmFile, name: '人员.csv', step: 'confirm' });
    expect(done.status).toBe(200);
    expect(done.body).toContain('导入完成：新增 1 人，更新 1 人，无变化 0 人，停用 1 人。');
    expect(done.body).toContain('如需恢复，发送「启用 ');
    expect(done.body).toMatch(/<td>韩梅<\/td><td>员工<\/td><td>工程<\/td><td class="hide-sm">139\*\*\*\*5678<\/td><td class="hide-sm">阳光花园<\/td><td>在岗<\/td>/);
    const han = (await t.stores.people.find('韩梅'))!;
    expect([han.phone, han.accounts, han.properties]).toEqual(['13912345678', { wecom: 'hanmei' }, [1]]);
    expect((await t.stores.people.named('张伟'))[0]!.role).toBe('lead');
    expect((await t.stores.people.inactiveNamed('孙磊'))).toHaveLength(1);
    // The same file again changes nothing.
    const again = await b.post('/dashboard/people/import', { file: confirmFile, name: '人员.csv', step: 'preview' });
    expect(again.body).toContain('文件与现有名单一致，无需导入。');
  });

  it('bad lines are listed with their number and what to fix; a GBK file is refused with how to re-save it', async () => {
    t = await app();
    const b = await signIn(t, '刘洋');
    const bad = `${HEADER}\n韩梅,员工,工程,,,139,是,阳光花园\n小李,工人,保安,,,,是,翠湖苑\n小周,员工,保安,,,,是,翠湖园\n`;
    const res = await b.post('/dashboard/people/import', { file: b64(bad), name: 'bad.csv', step: 'preview' });
    expect(res.status).toBe(422);
    expect(res.body).toContain('没有写入任何数据');
    expect(res.body).toContain('第 2 行：手机号格式不正确');
    expect(res.body).toContain('第 3 行：角色「工人」无效，应为');
    expect(await t.stores.people.find('韩梅')).toBeNull();
    const unknown = await b.post('/dashboard/people/import', { file: b64(`${HEADER}\n小周,员工,保安,,,,是,翠湖园\n`), name: 'x.csv', step: 'preview' });
    expect(unknown.body).toContain('第 2 行：小周：项目「翠湖园」不存在，现有项目：阳光花园、翠湖苑');
    // 姓名,角色 in GBK (what Excel's plain "CSV" writes on Chinese Windows).
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xbd, 0xc7, 0xc9, 0xab, 0x0a]);
    const refused = await b.post('/dashboard/people/import', { file: b64(gbk), name: 'gbk.csv', step: 'preview' });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('文件不是 UTF-8 编码，未导入。请在 Excel 中「另存为 → CSV UTF-8（逗号分隔）」');
  });

  it('a supervisor serving some properties imports only into them; leads and staff cannot import', async () => {
    t = await app();
    const chen = (await t.stores.people.find('陈静'))!;
    await t.stores.properties.setServed(chen.id, [2]);
    const b = await signIn(t, '陈静');
    expect((await b.get('/dashboard/people')).body).toContain('您只能导入到自己负责的项目（翠湖苑）');
    const file = `${HEADER}\n小王,员工,保安,,,,是,翠湖苑\n小李,员工,保安,,,,是,阳光花园\n小赵,员工,保安,,,,是,\n刘洋,经理,,,,,是,翠湖苑\n张伟,员工,工程,,,,是,翠湖苑\n`;
    const res = await b.post('/dashboard/people/import', { file: b64(file), name: 'x.csv', step: 'confirm' });
    expect(res.status).toBe(422);
    expect(res.body).toContain('第 3 行：项目「阳光花园」不在您负责的范围（您负责：翠湖苑），不能把小李导入到那里');
    expect(res.body).toContain('第 4 行：请在「项目」列填写小赵服务的项目（您负责：翠湖苑）');
    expect(res.body).toContain('第 5 行：只有经理可以导入或修改经理（刘洋）');
    expect(res.body).toContain('第 6 行：张伟（编号');
    expect(res.body).not.toContain('第 2 行');
    // All or nothing: the good line was not written either.
    expect(await t.stores.people.find('小王')).toBeNull();
    expect((await t.stores.people.find('张伟'))!.properties).toEqual([]);
    const ok = await b.post('/dashboard/people/import', { file: b64(`${HEADER}\n小王,员工,保安,,,,是,翠湖苑\n`), name: 'x.csv', step: 'confirm' });
    expect(ok.body).toContain('导入完成：新增 1 人');
    expect((await t.stores.people.find('小王'))!.properties).toEqual([2]);

    const lead = await signIn(t, '赵强');
    expect((await lead.get('/dashboard/people')).body).not.toContain('import-form');
    expect((await lead.post('/dashboard/people/import', { file: b64(`${HEADER}\n小孙,员工,工程,,,,是,\n`), step: 'confirm' })).status).toBe(403);
    expect((await lead.get('/dashboard/people/template.csv')).status).toBe(403);
    expect(await t.stores.people.find('小孙')).toBeNull();
  });
});
