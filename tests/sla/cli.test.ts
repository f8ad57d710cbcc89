// `jobs run --now` and `outbox list --json` as an operator uses them, in a child process.
import { describe, expect, it } from 'vitest';
import { cliFolder, failing, fileIn, runCli } from '../helpers/cli.js';

const cli = (dbFile: string, ...args: string[]) => runCli(dbFile, args);

describe('npm run cli -- jobs run --now / outbox list --json', () => {
  it('runs every due job once as of the given time; re-running queues nothing twice', async () => {
    const { dir, db } = cliFolder('dd-jobs-', 'j.db');
    const csv = fileIn(dir, 'people.csv', 'name,role,team,wecom_userid,dingtalk_userid,phone\n王芳,resident,,,,\n赵强,lead,工程,zhaoqiang,,\n陈静,supervisor,客服,chenjing,,\n');
    await cli(db, 'people', 'import', csv);
    const said = await cli(db, 'say', '--now', '2026-11-23T09:00:00+08:00', '--as', '王芳', '报修 3栋2单元1502 厨房水管漏水');
    expect(said.stdout).toContain('报修#1');

    const first = JSON.parse((await cli(db, 'jobs', 'run', '--now', '2026-11-23T09:46:00+08:00')).stdout) as Record<string, { alerts?: number }>;
    expect(first['sla-sweep']).toMatchObject({ alerts: 1 });
    const rows = JSON.parse((await cli(db, 'outbox', 'list', '--json')).stdout) as Array<Record<string, unknown>>;
    const sla = rows.filter((r) => String(r.dedupeKey).startsWith('sla:ticket:1:response:'));
    expect(sla.length).toBeGreaterThan(0);
    for (const r of sla) expect(Object.keys(r)).toEqual(expect.arrayContaining(['dedupeKey', 'channel', 'recipient', 'status', 'attempts', 'text']));
    expect(sla.map((r) => r.text).join('\n')).toContain('超时升级·主管｜报修#1 响应已超时 16分钟');

    await cli(db, 'jobs', 'run', '--now', '2026-11-23T09:46:00+08:00');
    const again = JSON.parse((await cli(db, 'outbox', 'list', '--json')).stdout) as unknown[];
    expect(again.length).toBe(rows.length);

    // Only jobs whose schedule fires at that minute run: the 18:00 digest not at 09:46, but at 18:00.
    expect(Object.keys(first)).not.toContain('daily-digest');
    const evening = JSON.parse((await cli(db, 'jobs', 'run', '--now', '2026-11-23T18:00:00+08:00')).stdout) as Record<string, unknown>;
    expect(Object.keys(evening)).toEqual(expect.arrayContaining(['sla-sweep', 'daily-digest', 'outbox-send']));
    const forced = JSON.parse((await cli(db, 'jobs', 'run', '--now', '2026-11-23T09:47:00+08:00', '--job', 'calendar-check')).stdout) as Record<string, unknown>;
    expect(Object.keys(forced)).toEqual(['calendar-check']);

    const bad = await failing(cli(db, 'jobs', 'run', '--now', '昨天'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--now 时间格式无效');
  }, 90_000);
});
