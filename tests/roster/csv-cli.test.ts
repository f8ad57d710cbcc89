// roster import / export, shifts and properties from the command line, as an administrator uses them.
import { describe, expect, it } from 'vitest';
import { cliFolder, failing, fileIn, runCli } from '../helpers/cli.js';

const ENV = { PROPERTIES: '阳光花园(阳光);翠湖苑' };
const cli = (dbFile: string, ...args: string[]) => runCli(dbFile, args, ENV);

describe('npm run cli -- roster / shifts / properties', () => {
  it('imports all or nothing with line-numbered errors, replaces re-imported days, and exports the same columns', async () => {
    const { dir, db } = cliFolder('dd-roster-', 'r.db');
    const people = fileIn(dir, 'people.csv', 'name,role,team,wecom_userid,dingtalk_userid,phone\n吕刚,staff,保安,lvgang,,\n施勇,staff,保安,shiyong,,\n严丽,staff,客服,yanli,,\n');
    await cli(db, 'people', 'import', people);

    const bad = fileIn(dir, 'bad.csv', 'date,shift,name,team,project\n2026-12-03,早班,吕刚,保安,阳光花园\n2026-13-01,早班,吕刚,保安,阳光花园\n2026-12-03,午班,施勇,保安,阳光\n2026-12-03,早班,王五,保安,阳光花园\n2026-12-03,早班,施勇,保安,星河湾\n2026-12-03,早班,施勇,保安,\n');
    const e = await failing(cli(db, 'roster', 'import', bad));
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('导入失败，未写入任何排班');
    expect(e.stderr).toContain('第 3 行：日期「2026-13-01」无效');
    expect(e.stderr).toContain('第 4 行：班次「午班」无效，阳光花园保安组的班次为 夜班、早班、白班、中班');
    expect(e.stderr).toContain('第 5 行：人员名单中没有在职员工「王五」');
    expect(e.stderr).toContain('第 6 行：项目「星河湾」不存在，现有项目：阳光花园、翠湖苑');
    expect(e.stderr).toContain('第 7 行：项目不能为空');
    expect((await cli(db, 'roster', 'export', '--from', '2026-12-03')).stdout).toBe('date,shift,name,team,project\n');

    const good = fileIn(dir, 'good.csv', '\uFEFFdate,shift,name,team,project\n2026/12/3,早班,吕刚,,阳光花园\n2026-12-03,中班,施勇,保安,阳光\n2026-12-03,白班,严丽,客服,翠湖苑\n2026-12-04,夜班,吕刚,保安,阳光花园\n');
    const ok = await cli(db, 'roster', 'import', good);
    expect(ok.stdout).toContain('导入完成：4 条排班（2026-12-03 至 2026-12-04，阳光花园、翠湖苑）');
    const out = (await cli(db, 'roster', 'export', '--from', '2026-12-03', '--to', '2026-12-04')).stdout;
    expect(out).toBe('date,shift,name,team,project\n2026-12-03,早班,吕刚,保安,阳光花园\n2026-12-03,白班,严丽,客服,翠湖苑\n2026-12-03,中班,施勇,保安,阳光花园\n2026-12-04,夜班,吕刚,保安,阳光花园\n');

    // Re-importing 12月3日 at 阳光花园 replaces that day there only.
    const again = fileIn(dir, 'again.csv', 'date,shift,name,team,project\n2026-12-03,早班,施勇,保安,阳光花园\n');
    expect((await cli(db, 'roster', 'import', again)).stdout).toContain('原有的导入排班 2 条已替换');
    const after = (await cli(db, 'roster', 'export', '--from', '2026-12-03', '--to', '2026-12-04')).stdout;
    expect(after).toBe('date,shift,name,team,project\n2026-12-03,早班,施勇,保安,阳光花园\n2026-12-03,白班,严丽,客服,翠湖苑\n2026-12-04,夜班,吕刚,保安,阳光花园\n');
    const exported = fileIn(dir, 'exported.csv', after);
    expect((await cli(db, 'roster', 'import', exported)).stdout).toContain('导入完成：3 条排班');
    expect((await cli(db, 'roster', 'export', '--from', '2026-12-03', '--to', '2026-12-04', '--project', '翠湖苑')).stdout).toBe('date,shift,name,team,project\n2026-12-03,白班,严丽,客服,翠湖苑\n');
  }, 120_000);

  it('shift patterns per property and team; properties list and add', async () => {
    const { db } = cliFolder('dd-shifts-', 's.db');
    expect((await cli(db, 'shifts', 'set', '阳光花园', '保安', '早班', '07:00-15:00')).stdout).toContain('已设置：阳光花园 保安组 早班 07:00-15:00。现在的班次：夜班 00:00-08:00，早班 07:00-15:00，白班 08:30-20:00，中班 16:00-24:00');
    expect((await cli(db, 'shifts', 'list')).stdout).toContain('阳光花园\t保安\t早班\t07:00-15:00');
    expect((await failing(cli(db, 'shifts', 'set', '阳光花园', '保安', '早班', '7点'))).code).toBe(2);
    expect((await cli(db, 'properties', 'add', '星河湾', '星河,星河湾二期')).stdout).toContain('已保存项目 3 星河湾（别名 星河、星河湾二期）');
    expect((await cli(db, 'properties', 'list')).stdout).toMatch(/^1\t阳光花园（阳光）\t绑定群 0 个\n2\t翠湖苑\t绑定群 0 个\n3\t星河湾（星河、星河湾二期）/);
  }, 120_000);
});
