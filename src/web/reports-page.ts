// 报表 page: charts drawn with Apache ECharts, served by this server from the npm package (no CDN: intranets).
// The figures come from /api/reports/* (src/web/reports/routes.ts, the reports half of #14).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { localDate } from '../clock.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { esc, page } from './html.js';
import type { SignedIn } from './session.js';

const ECHARTS_FILE = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
let echarts: Buffer | undefined;

const SCRIPT = `
const chart=echarts.init(document.getElementById('chart'));const $=(id)=>document.getElementById(id);
function pct(x){return x==null?'—':(Math.round(x*1000)/10)+'%'}
async function load(){const month=$('month').value;$('note').textContent='加载中…';
try{const r=await fetch('/api/reports/complaints?month='+encodeURIComponent(month),{credentials:'same-origin'});
if(r.status===401){location.href='/dashboard/login';return}if(!r.ok){$('note').textContent='报表接口暂不可用（'+r.status+'）';chart.clear();return}
const d=await r.json();const cats=Object.entries(d.byCategory||{});
$('note').textContent='投诉 '+d.total+' 件，有效 '+d.valid+' 件（'+pct(d.validRate)+'），首次回复及时率 '+pct(d.firstReplyOnTimeRate)+'，回访率 '+pct(d.followUpRate)+'，满意度 '+(d.satisfaction??'—');
chart.setOption({title:{text:month+' 投诉按类别'},tooltip:{},xAxis:{type:'category',data:cats.map(c=>c[0])},yAxis:{type:'value'},
series:[{type:'bar',data:cats.map(c=>typeof c[1]==='number'?c[1]:(c[1].total??c[1].count??0))}]},true);
chart.on('click',(p)=>{location.href='/dashboard/tickets?type=complaint&category='+encodeURIComponent(p.name)})}
catch(e){$('note').textContent='加载失败，请稍后重试'}}
$('month').addEventListener('change',load);window.addEventListener('resize',()=>chart.resize());load();`;

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
    const body = `<h1>报表</h1><p><label>月份 <input type="month" id="month" value="${esc(last)}"></label></p><p id="note" class="muted"></p>
<div id="chart" style="width:100%;height:360px;background:#fff;border-radius:8px"></div>`;
    return reply
      .type('text/html; charset=utf-8')
      .send(page({ title: '报表', viewer: v, path: '/dashboard/reports', body: `${body}<script src="/dashboard/assets/echarts.min.js"></script>`, script: SCRIPT }));
  });
}
