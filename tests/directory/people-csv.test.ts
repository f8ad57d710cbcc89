// The people CSV speaks Chinese: roles 住户 / 员工 / 组长 / 主管 / 经理 (and the English names), an active column
// (是/否, 在职/离职, 1/0, true/false), and what `people export` writes `people import` reads back unchanged.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { parsePeopleCsv, peopleCsv } from '../../src/cli/people-csv.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const HEADER = 'name,role,team,wecom_userid,dingtalk_userid,phone,active';

describe('people CSV: Chinese roles and the active column', () => {
  it('reads Chinese and English roles and every spelling of active', () => {
    const { rows, errors } = parsePeopleCsv(
      `${HEADER}\n王芳,住户,,,,13800000001,\n张伟,员工,工程,zhangwei,,,是\n赵强,组长,工程,zhaoqiang,,,在职\n陈静,主管,客服,chenjing,,,1\n刘洋,经理,,liuyang,,,TRUE\n孙磊,staff,保安,sunlei,,,否\n老李,班长,保洁,laoli,,,离职\n小周,员工,客服,xz,,,0\n小吴,员工,客服,xw,,,false\n`,
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.name, r.role, r.active])).toEqual([
      ['王芳', 'resident', true],
      ['张伟', 'staff', true],
      ['赵强', 'lead', true],
      ['陈静', 'supervisor', true],
      ['刘洋', 'manager', true],
      ['孙磊', 'staff', false],
      ['老李', 'lead', false],
      ['小周', 'staff', false],
      ['小吴', 'staff', false],
    ]);
    // The old six columns still work: everyone in the file is in post.
    const old = parsePeopleCsv('name,role,team,wecom_userid,dingtalk_userid,phone\n张伟,员工,工程,zw,,\n');
    expect(old.errors).toEqual([]);
    expect(old.rows[0]).toMatchObject({ role: 'staff', active: true });
  });

  it('names the line and the allowed words for a bad role or active value', () => {
    const { rows, errors } = parsePeopleCsv(`${HEADER}\n张伟,员工,工程,zw,,,是\n李四,老板,,,,,是\n王五,员工,,w5,,,休假\n赵六,员工,,z6,,\n`);
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      '第 3 行：角色「老板」无效，应为 住户 / 员工 / 组长 / 主管 / 经理（或 resident / staff / lead / supervisor / manager）',
      '第 4 行：在职状态「休假」无效，应为 是/否、在职/离职、1/0 或 true/false（留空为在职）',
      '第 5 行：应有 7 列，实际 6 列',
    ]);
    expect(parsePeopleCsv('姓名,角色\n').errors).toEqual(['第 1 行：表头必须是 name,role,team,wecom_userid,dingtalk_userid,phone（可在最后加 active 列，再加 project 列），或中文表头 姓名,角色,组别,企业微信账号,钉钉账号,手机号,在职,项目']);
  });

  it('writes what it reads', () => {
    const { rows } = parsePeopleCsv(`${HEADER}\n"王, 芳",住户,,,ding01,13800000001,是\n孙磊,员工,保安,sunlei,,,否\n`);
    const people = rows.map((r, i) => ({ id: i + 1, verified: true, active: r.active ?? true, accounts: r.accounts ?? {}, name: r.name, role: r.role, team: r.team, phone: r.phone, properties: [] }));
    const csv = peopleCsv(people);
    expect(csv).toBe(`${HEADER},project\n"王, 芳",住户,,,ding01,13800000001,是,\n孙磊,员工,保安,sunlei,,,否,\n`);
    // An empty project column: serves every property, as a file without the column says.
    expect(parsePeopleCsv(csv).rows).toEqual(rows.map((r) => ({ ...r, projects: [] })));
  });
});

describe('npm run cli -- people import / export / deactivate / activate', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await t?.close();
    t = undefined;
  });

  /** Runs a CLI command in this process over the test app's runtime; returns its exit code and what it printed. */
  async function cli(name: string, ...args: string[]): Promise<{ code: number; out: string }> {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    try {
      return { code: await commands[name]!(t!.runtime, args), out: out.join('\n') };
    } finally {
      log.mockRestore();
      err.mockRestore();
      write.mockRestore();
    }
  }

  it('round-trips the directory, and a 离职 row or people deactivate hands back open work', async () => {
    t = await buildTestApp({ seed: false });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-people-zh-'));
    const file = path.join(dir, 'staff.csv');
    writeFileSync(file, `${HEADER}\n王芳,住户,,wangfang,,13800000001,是\n张伟,员工,工程,zhangwei,,13812345678,是\n王磊,员工,工程,wanglei,,,是\n赵强,组长,工程,zhaoqiang,dt-zhao,,是\n陈静,主管,客服,chenjing,,,是\n老李,员工,保洁,laoli,,,否\n`);
    expect((await cli('people import', file)).out).toContain('新增 6 人，更新 0 人');

    // Export → import → export: the same file, the same directory.
    const exported = path.join(dir, 'export.csv');
    expect((await cli('people export', exported)).out).toContain('已导出 6 人');
    const text = readFileSync(exported, 'utf8').replace(/^\uFEFF/, '');
    expect(text.split('\n')[0]).toBe(`${HEADER},project`);
    expect(text).toContain('赵强,组长,工程,zhaoqiang,dt-zhao,,是');
    expect(text).toContain('老李,员工,保洁,laoli,,,否');
    const before = await t.stores.people.list();
    expect((await cli('people import', exported)).out).toContain('新增 0 人，更新 6 人');
    expect(await t.stores.people.list()).toEqual(before);
    expect((await cli('people export')).out).toBe(text);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, `${HEADER}\n张伟,员工,工程,zhangwei,,,也许\n`);
    expect(await cli('people import', bad)).toEqual({ code: 1, out: expect.stringContaining('第 2 行：在职状态「也许」无效') });

    // 张伟 holds a repair; an import marking him 离职 hands it back to 赵强, as 停用 does, and tells 赵强 once.
    const zhang = (await t.stores.people.find('张伟'))!.id;
    const zhao = (await t.stores.people.find('赵强'))!.id;
    await cli('say', '--as', '王芳', '报修 3栋2单元1502 厨房水管漏水');
    await cli('say', '--as', '张伟', '接单 #1');
    writeFileSync(file, `${HEADER}\n张伟,员工,工程,zhangwei,,13812345678,离职\n`);
    const imported = (await cli('people import', file)).out;
    expect(imported).toContain(`已停用：张伟（工程，编号 ${zhang}）`);
    expect(imported).toContain('名下未完成工单 #1 已退回组长赵强（已通知）');
    expect(await t.prisma.ticket.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ status: 'dispatched', assigneeId: zhao });
    const history = await t.prisma.ticketEvent.findMany({ where: { ticketId: 1 }, orderBy: { id: 'asc' } });
    expect(history.at(-1)).toMatchObject({ actorId: null, action: 'handed_back', note: '停用：原负责人张伟已停用，退回组长赵强' });
    const told = (await t.prisma.outbox.findMany()).filter((r) => r.dedupeKey.startsWith(`person:${zhang}:deactivated:`));
    expect(told.map((r) => r.personId)).toEqual([zhao]);
    expect(told[0]!.text).toContain('已由管理员（命令行）停用');

    // people activate / deactivate, by name or number.
    expect((await cli('people activate', '张伟')).out).toContain(`已启用：张伟（工程，编号 ${zhang}）`);
    const wang = (await t.stores.people.find('王磊'))!.id;
    expect((await cli('people deactivate', String(wang))).out).toContain(`已停用：王磊（工程，编号 ${wang}）`);
    expect((await cli('people deactivate', '王磊')).out).toContain('已经停用，无需重复');
    expect(await cli('people deactivate', '没这个人')).toEqual({ code: 1, out: expect.stringContaining('名单中没有「没这个人」') });
  });

  it('reads and writes the properties (项目) a person serves; an unknown project stops the import', async () => {
    t = await buildTestApp({ seed: false, env: { PROPERTIES: '阳光花园(阳光,阳光苑);翠湖苑' } });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-people-project-'));
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, `${HEADER},project\n张伟,员工,工程,zhangwei,,,是,阳光花园\n韩工,员工,工程,hangong,,,是,翠湖园\n`);
    const refused = await cli('people import', bad);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('韩工：项目「翠湖园」不存在，现有项目：阳光花园、翠湖苑');
    expect(await t.stores.people.list()).toEqual([]);

    const file = path.join(dir, 'staff.csv');
    writeFileSync(file, `${HEADER},project\n张伟,员工,工程,zhangwei,,,是,阳光\n韩工,员工,工程,hangong,,,是,翠湖苑\n陈静,主管,客服,chenjing,,,是,阳光花园|翠湖苑\n刘洋,经理,,liuyang,,,是,\n`);
    expect((await cli('people import', file)).code).toBe(0);
    const ids = new Map((await t.stores.properties.list()).map((p) => [p.name, p.id]));
    const served = async (name: string) => (await t!.stores.people.find(name))!.properties;
    expect(await served('张伟')).toEqual([ids.get('阳光花园')]);
    expect(await served('韩工')).toEqual([ids.get('翠湖苑')]);
    expect([...(await served('陈静'))].sort()).toEqual([ids.get('阳光花园'), ids.get('翠湖苑')].sort());
    expect(await served('刘洋')).toEqual([]);

    const exported = path.join(dir, 'export.csv');
    await cli('people export', exported);
    const text = readFileSync(exported, 'utf8');
    expect(text).toContain('张伟,员工,工程,zhangwei,,,是,阳光花园\n');
    expect(text).toMatch(/陈静,主管,客服,chenjing,,,是,(阳光花园\|翠湖苑|翠湖苑\|阳光花园)\n/);
    expect(text).toContain('刘洋,经理,,liuyang,,,是,\n');
  });
});
