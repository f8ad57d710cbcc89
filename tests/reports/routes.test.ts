// The report API on a small Fastify instance with a test viewerOf (real SQLite store, real HTTP inject).
import ExcelJS from 'exceljs';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeOf, type Viewer } from '../../src/web/viewer.js';
import { reportRoutes } from '../../src/web/reports/routes.js';
import { say, type TestApp } from '../helpers/app.js';
import { at, seededOctober } from './seed-month.js';

let t: TestApp;
let web: FastifyInstance;
const EXTRA = 2_345;

beforeAll(async () => {
  t = await seededOctober();
  // A repair whose text would be a formula in a spreadsheet, and many November repairs for the no-row-cap export.
  t.clock.set(at('11-01T08:00'));
  await t.stores.tickets.create({ kind: 'repair', status: 'pending', description: '=HYPERLINK("http://x.example","点我"), 电话13800001234', building: '1' }, { actorId: null, action: 'created', at: t.clock.now() });
  await t.prisma.ticket.createMany({
    data: Array.from({ length: EXTRA }, (_, i) => ({ kind: 'repair', status: 'pending', description: `批量工单${i}`, createdAt: new Date(Date.parse(at('11-01T09:00')) + i * 1000), updatedAt: new Date() })),
  });
  // A complaint against the desk lead: she must not find it in her team's export.
  t.clock.set(at('11-01T10:00'));
  expect(await say(t, '王芳', '投诉 客服组长周敏处理太慢')).toContain('投诉#');
  t.clock.set(at('11-02T09:00'));
  web = Fastify();
  await web.register(
    reportRoutes({
      stores: t.stores,
      config: t.config,
      clock: t.clock,
      async viewerOf(req) {
        const name = req.headers['x-test-viewer'];
        const person = typeof name === 'string' ? await t.stores.people.find(decodeURIComponent(name)) : null;
        return person ? ({ person, scope: scopeOf(person) } satisfies Viewer) : null;
      },
    }),
  );
  await web.ready();
}, 60_000);
afterAll(async () => {
  await web.close();
  await t.close();
});

const get = (url: string, who?: string) => web.inject({ method: 'GET', url, headers: who ? { 'x-test-viewer': encodeURIComponent(who) } : {} });

describe('report routes', () => {
  it('answer 401 without a signed-in viewer', async () => {
    for (const url of ['/api/reports/complaints?month=2026-10', '/api/reports/repairs', '/api/reports/trend?kind=leave', '/api/tickets/export?format=xlsx']) {
      const res = await get(url);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: '请先登录' });
    }
  });

  it('give the month as JSON, filtered by the viewer, and refuse bad input with an example', async () => {
    const sup = (await get('/api/reports/complaints?month=2026-10', '陈静')).json();
    expect([sup.total, sup.valid, sup.firstReplyOnTimeRate, sup.followUpRate, sup.satisfaction, sup.repeatComplaints]).toEqual([5, 4, 0.6, 0.6667, 4.5, 1]);
    expect(sup.targets).toEqual({ followUpRate: 1, validRateBelow: 0.01, surveyReturnRate: 0.5 });
    // Rating requests went to 王芳 for #1, #2, #3 (resolved); she rated #1 and #3.
    expect([sup.surveysSent, sup.surveysAnswered, sup.surveyReturnRate, sup.meetsTargets.surveyReturnRate]).toEqual([3, 2, 0.6667, true]);
    expect((await get('/api/reports/repairs?month=2026-10', '张伟')).json().total).toBe(2);
    expect((await get('/api/reports/repairs?month=2026-10', '孙磊')).json().total).toBe(0);
    // Without a month: last month (the clock is in November).
    expect((await get('/api/reports/leave', '陈静')).json().month).toBe('2026-10');
    const tr = (await get('/api/reports/trend?kind=drills&month=2026-10', '陈静')).json();
    expect(tr.months).toHaveLength(12);
    expect(tr.months.at(-1)).toMatchObject({ month: '2026-10', drillsDue: 3, patrolRounds: 3 });
    const bad = await get('/api/reports/complaints?month=2026-13', '陈静');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('month=2026-10');
    expect((await get('/api/tickets/export?from=10月1日', '陈静')).json().error).toContain('from=2026-10-01');
  });

  it('download a report as CSV with a BOM and Chinese headers, and as XLSX', async () => {
    const csv = await get('/api/reports/complaints?month=2026-10&format=csv', '陈静');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(encodeURIComponent('投诉月报-2026-10.csv'));
    expect(csv.body.startsWith('\uFEFF2026-10 投诉月报\r\n指标,数值,目标\r\n投诉总数,5,\r\n')).toBe(true);
    expect(csv.body).toContain('有效投诉回访率,66.67%,100%');
    expect(csv.body).toContain('\r\n评价邀请（发给住户）,3,\r\n住户已评价,2,\r\n评价回收率,66.67%,≥ 50%\r\n');
    const xlsx = await get('/api/reports/repairs?month=2026-10&format=xlsx', '陈静');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('2026-10 报修月报');
    expect(ws.getRow(2).getCell(3).value).toBe('响应及时率');
    expect(ws.getRow(3).values).toEqual([undefined, '全部', 4, '66.67%', 2, 1, '33.33%', 1, 2, '33.33%', 1, 2, 210, 5, 2, 1, '50%']);
    const leave = (await get('/api/reports/leave?month=2026-10&format=csv', '陈静')).body;
    expect(leave).toContain('\r\n病假,1,1,2\r\n');
    const drills = (await get('/api/reports/drills?month=2026-10&format=csv', '陈静')).body;
    expect(drills).toContain('\r\n全部,3,1,1,1,0,33.33%\r\n');
    const trendCsv = (await get('/api/reports/trend?kind=complaints&month=2026-10&format=csv', '陈静')).body.split('\r\n');
    expect(trendCsv.slice(0, 2)).toEqual(['\uFEFF12个月趋势（投诉）', '月份,总数,有效投诉,有效投诉率,首次答复及时率,回访率,平均满意度,评价回收率,重复投诉']);
    expect(trendCsv[13]).toBe('2026-10,5,4,1%,60%,66.67%,4.5,66.67%,1');
  });

  it('exports every ticket as CSV, one row each, formula cells defused, phones masked', async () => {
    const res = await get('/api/tickets/export?format=csv', '陈静');
    const lines = res.body.split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith('\uFEFF单号,类型,状态,类别,项目,位置,内容,紧急,班组,报告人,处理人,被投诉人,评分,登记时间')).toBe(true);
    // 11 chat tickets (5 + 4 + the September and the November complaint) + the formula one + the bulk ones: no cap at a page.
    expect(lines.length - 1).toBe(11 + 1 + EXTRA);
    const formula = lines.find((l) => l.includes('HYPERLINK'))!;
    expect(formula).toContain(`"'=HYPERLINK(""http://x.example"",""点我""), 电话138****1234"`);
    const r6 = lines.find((l) => l.startsWith('6,'))!.split(',');
    const head = lines[0]!.replace('\uFEFF', '').split(',');
    const col = (name: string) => r6[head.indexOf(name)];
    expect([col('类型'), col('处理人'), col('评分'), col('登记时间')]).toEqual(['报修', '张伟', '5', '2026-10-05 09:00']);
    // The pause moved the handling deadline by 6 h: 13:00 + 6 h = 19:00; completed 16:30, not late.
    expect([col('处理时限'), col('处理完成时间'), col('处理超时（分钟）')]).toEqual(['2026-10-05 19:00', '2026-10-05 16:30', '0']);
    const r7 = lines.find((l) => l.startsWith('7,'))!.split(',');
    expect(r7[head.indexOf('处理超时（分钟）')]).toBe('90');
  });

  it('exports as XLSX, filtered by type, dates and the viewer; the accused only for supervisors', async () => {
    const res = await get('/api/tickets/export?type=complaint&from=2026-10-01&to=2026-10-31&format=xlsx', '陈静');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('工单')!;
    const head = (ws.getRow(1).values as unknown[]).slice(1);
    expect(head.slice(0, 4)).toEqual(['单号', '类型', '状态', '类别']);
    const ids = [];
    for (let i = 2; i <= ws.rowCount; i++) ids.push(ws.getRow(i).getCell(1).value);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(ws.getRow(4).getCell(head.indexOf('被投诉人') + 1).value).toBe('李娜');
    // Staff: only their own items, and no accused column.
    const own = await get('/api/tickets/export?format=csv', '张伟');
    const lines = own.body.split('\r\n').filter(Boolean);
    expect(lines[0]).not.toContain('被投诉人');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['6', '7']);
  });

  it('never lists a complaint to the person it names (回避), though the supervisor sees it', async () => {
    const ids = async (who: string) => (await get('/api/tickets/export?type=complaint&from=2026-11-01&format=csv', who)).body.split('\r\n').slice(1).filter(Boolean).map((l) => l.split(',')[2]);
    expect(await ids('陈静')).toEqual(['已受理']);
    expect(await ids('周敏')).toEqual([]);
  });
});
