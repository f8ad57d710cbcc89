// 总览: open items by type, deadlines missed now, deadlines due within the hour (with a countdown), who is on duty,
// today's counts. The page draws itself from GET /api/board and polls it; nothing reloads.
import type { FastifyInstance } from 'fastify';
import { DAY, fromLocal, HOUR, localDate } from '../clock.js';
import type { Config } from '../config.js';
import type { Clock } from '../clock.js';
import { KIND_ZH } from '../handlers/format.js';
import { ticketView } from '../handlers/privacy.js';
import { dutyLabel, onDutyAt } from '../handlers/roster/duty.js';
import { clockTime } from '../handlers/roster/shifts.js';
import { STATUS_ZH } from '../handlers/ticket.js';
import type { Stores, TicketClock, TicketQuery } from '../store/index.js';
import { inlineJson, page } from './html.js';
import type { SignedIn } from './session.js';
import type { Viewer } from './viewer.js';

export const CLOCK_ZH: Record<string, string> = { response: '响应', arrival: '到场', resolve: '处理', followup: '回访', approval: '审批', confirm: '接班确认', due: '到期', page: '紧急呼叫' };
/** How many deadlines each list shows. */
const LIST_LIMIT = 50;

export const scopeQuery = (v: Viewer): TicketQuery => ({ propertyIds: v.scope.propertyIds, scopeTeam: v.scope.team, scopePersonId: v.scope.personId });

export async function boardData(stores: Stores, config: Config, clock: Clock, v: Viewer) {
  const now = clock.now();
  const off = config.utcOffsetMinutes;
  const q = scopeQuery(v);
  const names = new Map((await stores.people.list()).map((p) => [p.id, p]));
  const row = (c: TicketClock) => ({
    id: c.ticket.id,
    kind: KIND_ZH[c.ticket.kind],
    status: STATUS_ZH[c.ticket.status],
    clock: CLOCK_ZH[c.clock.clock] ?? c.clock.clock,
    dueAt: c.clock.dueAt.toISOString(),
    text: ticketView(v.person, c.ticket).line(),
    assignee: c.ticket.assigneeId ? (names.get(c.ticket.assigneeId)?.name ?? `#${c.ticket.assigneeId}`) : '未派单',
    team: c.ticket.team ?? '',
  });
  const running = await stores.dashboard.runningClocks(q, new Date(now.getTime() + HOUR), LIST_LIMIT * 2);
  const dayStart = fromLocal(localDate(now, off), '00:00', off);
  const properties = (await stores.properties.list()).filter((p) => !v.scope.propertyIds || v.scope.propertyIds.includes(p.id));
  const roster = onDutyAt(await stores.roster.between(new Date(now.getTime() - DAY), new Date(now.getTime() + DAY)), now);
  const onDuty = properties.map((p) => {
    const mine = roster.filter((e) => e.propertyId === p.id && (!v.scope.team || e.team === v.scope.team));
    const teams = [...new Set(mine.map((e) => e.team))].sort();
    return { property: p.name, teams: teams.map((team) => ({ team, people: mine.filter((e) => e.team === team).map((e) => `${dutyLabel(e, names)} ${e.kind === 'cover' ? '顶岗' : e.shift} ${clockTime(e.startsAt, off)}-${clockTime(e.endsAt, off, true)}`) })) };
  });
  return {
    now: now.toISOString(),
    openByKind: Object.entries(await stores.dashboard.openByKind(q)).map(([k, n]) => ({ kind: KIND_ZH[k as keyof typeof KIND_ZH], n })),
    overdue: running.filter((c) => c.clock.dueAt <= now).slice(0, LIST_LIMIT).map(row),
    overdueCount: await stores.dashboard.overdueCount(q, now),
    dueSoon: running.filter((c) => c.clock.dueAt > now).slice(0, LIST_LIMIT).map(row),
    onDuty,
    today: await stores.dashboard.dayCounts(q, dayStart, new Date(dayStart.getTime() + DAY)),
  };
}

/** The board's script: draws the JSON with textContent only (no HTML from data), counts down every second. */
const BOARD_SCRIPT = (pollMs: number, timeZone: string) => `
const $=(id)=>document.getElementById(id);let skew=0,data=null;
function el(tag,text,cls){const e=document.createElement(tag);if(text!=null)e.textContent=text;if(cls)e.className=cls;return e}
function left(iso){const s=Math.round((Date.parse(iso)-(Date.now()+skew))/1000);const a=Math.abs(s);const t=(a>=3600?Math.floor(a/3600)+'小时':'')+Math.floor(a%3600/60)+'分'+(a%60)+'秒';return s>=0?'剩余 '+t:'已超时 '+t}
function rows(id,list,cls){const tb=$(id);tb.replaceChildren();if(!list.length){const tr=el('tr');const td=el('td','暂无','muted');td.colSpan=5;tr.append(td);tb.append(tr);return}
for(const r of list){const tr=el('tr');const a=el('a','#'+r.id);a.href='/dashboard/tickets/'+r.id;const c1=el('td');c1.append(a);
const cd=el('td',left(r.dueAt),cls);cd.dataset.due=r.dueAt;tr.append(c1,el('td',r.kind+' · '+r.clock),cd,el('td',r.text),el('td',r.assignee+(r.team?' · '+r.team:''),'hide-sm'));tb.append(tr)}}
function draw(d){data=d;skew=Date.parse(d.now)-Date.now();
const cards=$('cards');cards.replaceChildren();
const card=(label,n,cls)=>{const c=el('div',null,'card'+(cls?' '+cls:''));c.append(el('div',label,'muted'),el('div',String(n),'n'));cards.append(c)};
for(const k of d.openByKind)card('未完成'+k.kind,k.n);card('已超时',d.overdueCount,d.overdueCount?'bad':'');card('1小时内到期',d.dueSoon.length,d.dueSoon.length?'warn':'');
card('今日新建',d.today.created);card('今日完工',d.today.completed);card('今日关闭',d.today.closed);
rows('overdue',d.overdue,'late');rows('soon',d.dueSoon,'soon');
const duty=$('duty');duty.replaceChildren();for(const p of d.onDuty){const box=el('div',null,'card');box.append(el('b',p.property));
if(!p.teams.length)box.append(el('div','现在无人值班（或未排班）','muted'));for(const t of p.teams)box.append(el('div',t.team+'：'+t.people.join('、')));duty.append(box)}
$('stamp').textContent='更新于 '+new Date(Date.parse(d.now)).toLocaleTimeString('zh-CN',{hour12:false,timeZone:${inlineJson(timeZone)}})}
async function poll(){try{const r=await fetch('/api/board',{credentials:'same-origin'});if(r.status===401){location.href='/dashboard/login';return}draw(await r.json())}catch(e){$('stamp').textContent='刷新失败，稍后重试'}}
setInterval(()=>{for(const td of document.querySelectorAll('[data-due]'))td.textContent=left(td.dataset.due)},1000);
setInterval(poll,${pollMs});`;

export function boardRoutes(app: FastifyInstance, deps: { stores: Stores; config: Config; clock: Clock; viewer(req: unknown): SignedIn }): void {
  const { stores, config, clock } = deps;
  app.get('/api/board', async (req) => boardData(stores, config, clock, deps.viewer(req)));
  app.get('/dashboard', async (req, reply) => {
    const v = deps.viewer(req);
    const data = await boardData(stores, config, clock, v);
    const table = (id: string, title: string) =>
      `<h2>${title}</h2><table><thead><tr><th>单号</th><th>类型·期限</th><th>倒计时</th><th>内容</th><th class="hide-sm">处理人</th></tr></thead><tbody id="${id}"></tbody></table>`;
    const body = `<h1>总览 <span class="muted" id="stamp"></span></h1><div class="cards" id="cards"></div>
${table('overdue', '已超时的期限')}${table('soon', '1 小时内到期')}<h2>现在值班</h2><div class="cards" id="duty"></div>`;
    const script = `${BOARD_SCRIPT(config.web.pollSeconds * 1000, config.timeZone)}\ndraw(${inlineJson(data)});`;
    return reply.type('text/html; charset=utf-8').send(page({ title: '总览', viewer: v, path: '/dashboard', body, script }));
  });
}
