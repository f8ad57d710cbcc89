// 报表 page: charts drawn with Apache ECharts, served by this server from the npm package (no CDN: intranets).
// The figures come from /api/reports/* (src/web/reports/routes.ts, the reports half of #14).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { localDate } from '../clock.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { esc, page } from './html.js';
import { REPORT_SCRIPT } from './report-script.js';
import type { SignedIn } from './session.js';

const ECHARTS_FILE = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
let echarts: Buffer | undefined;
const CHARTS = ['byCategory', 'rates', 'surveys', 'trend', 'repairs'];

export function reportPageRoutes(app: FastifyInstance, deps: { config: Config; clock: Clock; viewer(req: unknown): SignedIn }): void {
  app.get('/dashboard/assets/echarts.min.js', async (_req, reply) => {
    echarts ??= await readFile(ECHARTS_FILE);
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(echarts);
  });
  app.get('/dashboard/reports', async (req, reply) => {
    const v = deps.viewer(req);
    const today = localDate(deps.clock.now(), deps.config.utcOffsetMinutes);
    const [y, m] = today.split('-').map(Number) as [number, number];
    const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    // ?month=YYYY-MM (the monthly summary's link in chat), else last month.
    const asked = (req.query as { month?: unknown }).month;
    const month = typeof asked === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : last;
    const body = `<h1>报表</h1><p><label>月份 <input type="month" id="month" value="${esc(month)}"></label></p><p id="note" class="muted"></p>
<p id="exports"></p>${CHARTS.map((id) => `<div id="${id}" class="card" style="width:100%;height:340px;margin-bottom:12px"></div>`).join('')}`;
    return reply
      .type('text/html; charset=utf-8')
      .send(page({ title: '报表', viewer: v, path: '/dashboard/reports', body: `${body}<script src="/dashboard/assets/echarts.min.js"></script>`, script: REPORT_SCRIPT }));
  });
}
