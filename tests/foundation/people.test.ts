import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePeopleCsv } from '../../src/cli/people-csv.js';
import { cliFolder, failing, fileIn, runCli } from '../helpers/cli.js';

const HEADER = 'name,role,team,wecom_userid,dingtalk_userid,phone';
const cli = (dbFile: string, ...args: string[]) => runCli(dbFile, args, { CONSOLE_ENABLED: 'false' });

describe('people CSV', () => {
  it('parses valid rows and normalises phones', () => {
    const { rows, errors } = parsePeopleCsv(`${HEADER}\n张伟,staff,工程,zhangwei,,138-1234-5678\n"王, 芳",resident,,,ding01,\n`);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ name: '张伟', role: 'staff', team: '工程', accounts: { wecom: 'zhangwei' }, phone: '13812345678' });
    expect(rows[0]!.accounts).not.toHaveProperty('dingtalk');
    expect(rows[1]).toMatchObject({ name: '王, 芳', role: 'resident', accounts: { dingtalk: 'ding01' } });
  });

  it('reports every bad row with its line number and returns nothing', () => {
    const { rows, errors } = parsePeopleCsv(`${HEADER}\n张伟,boss,工程,zw,,\n,staff,,,,\n李四,staff,,zw2,,123\n赵六,staff,,zw2,,\n`);
    expect(rows).toEqual([]);
    expect(errors.join('\n')).toMatch(/第 2 行：角色「boss」无效/);
    expect(errors.join('\n')).toMatch(/第 3 行：姓名不能为空/);
    expect(errors.join('\n')).toMatch(/第 4 行：手机号格式不正确/);
    expect(errors.join('\n')).toMatch(/第 5 行：企业微信账号 zw2 与第 4 行重复/);
  });

  it('rejects a wrong header', () => {
    expect(parsePeopleCsv('姓名,角色\n').errors[0]).toMatch(/第 1 行：表头必须是/);
  });
});

describe('npm run cli -- people import / list / say', () => {
  it('imports, re-imports by user id, refuses a bad file whole, and talks as a person', async () => {
    const { dir, db } = cliFolder('dd-people-', 'p.db');
    const good = fileIn(dir, 'good.csv', `${HEADER}\n张伟,staff,工程,zhangwei,,13812345678\n陈静,supervisor,客服,chenjing,dt-chen,\n`);
    expect((await cli(db, 'people', 'import', good)).stdout).toContain('新增 2 人，更新 0 人');
    writeFileSync(good, `${HEADER}\n张伟,lead,工程,zhangwei,,13812345678\n`);
    expect((await cli(db, 'people', 'import', good)).stdout).toContain('新增 0 人，更新 1 人');

    const bad = fileIn(dir, 'bad.csv', `${HEADER}\n新人,staff,保安,newbie,,\n坏行,wizard,,,,\n`);
    const failed = await failing(cli(db, 'people', 'import', bad));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/第 3 行/);

    const list = JSON.parse((await cli(db, 'people', 'list', '--json')).stdout) as Array<{ name: string; role: string; phone: string | null }>;
    expect(list.map((p) => p.name)).toEqual(['张伟', '陈静']);
    expect(list[0]).toMatchObject({ role: 'lead', phone: '138****5678' });

    const said = await cli(db, 'say', '--as', 'dt-chen', '帮助');
    expect(said.stdout).toContain('报修');
    const unknown = await failing(cli(db, 'say', '--as', '没这个人', '帮助'));
    expect(unknown.stderr).toContain('找不到人员');
  }, 60_000);
});
