// 工单详情: the history timeline, the clocks with due and met times, photos, and the actions (run as chat commands,
// actions.ts). A ticket outside the viewer's scope does not exist for them (404), whatever the URL says.
import type { FastifyInstance } from 'fastify';
import { formatLocal } from '../clock.js';
import { KIND_ZH } from '../handlers/format.js';
import { ticketView } from '../handlers/privacy.js';
import { ACTION_ZH, STATUS_ZH } from '../handlers/ticket.js';
import type { Ticket } from '../store/index.js';
import { ACTIONS, commandText, runAsChat } from './actions.js';
import { CLOCK_ZH } from './board.js';
import { csrfField, esc, page } from './html.js';
import type { SignedIn } from './session.js';
import type { TicketRouteDeps } from './tickets.js';
import type { Viewer } from './viewer.js';

/** The viewer's scope holds the ticket: their properties, their team, their own items. */
export function canSee(v: Viewer, t: Ticket): boolean {
  const s = v.scope;
  if (s.propertyIds && !s.propertyIds.includes(t.propertyId)) return false;
  if (s.team && t.team !== s.team) return false;
  if (s.personId && t.assigneeId !== s.personId && t.reporterId !== s.personId) return false;
  return true;
}

const NOT_FOUND = '<h1>未找到</h1><div class="flash err">没有这个工单，或它不在您的查看范围内。</div><p><a href="/dashboard/tickets">返回工单列表</a></p>';

export function ticketDetailRoutes(app: FastifyInstance, deps: TicketRouteDeps): void {
  const { stores, config, clock } = deps;
  const off = config.utcOffsetMinutes;
  const at = (d: Date | null) => (d ? formatLocal(d, off) : '—');

  async function visible(id: string, v: SignedIn): Promise<Ticket | null> {
    if (!/^\d{1,9}$/.test(id)) return null;
    const t = await stores.tickets.get(Number(id));
    return t && canSee(v, t) ? t : null;
  }

  async function render(t: Ticket, v: SignedIn, flash?: { text: string; error?: boolean }): Promise<string> {
    const view = ticketView(v.person, t);
    const events = await stores.tickets.events(t.id);
    const ids = [...new Set([t.assigneeId, t.reporterId, ...events.map((e) => e.actorId)].filter((x): x is number => x != null))];
    const names = new Map((await stores.people.byIds(ids)).map((p) => [p.id, p.name]));
    const who = (id: number | null) => (id == null ? '系统' : (names.get(id) ?? `#${id}`));
    const now = clock.now();
    const clocks = (await stores.slaClocks.forItem('ticket', t.id))
      .map((c) => {
        const state = c.metAt ? `已完成 ${at(c.metAt)}${c.metAt > c.dueAt ? '（超时）' : ''}` : c.active ? (c.pausedAt ? '已暂停' : c.dueAt <= now ? '<span class="late">已超时</span>' : '计时中') : '已停止';
        return `<tr><td>${esc(CLOCK_ZH[c.clock] ?? c.clock)}</td><td>${at(c.startedAt)}</td><td>${at(c.dueAt)}</td><td>${state}</td></tr>`;
      })
      .join('');
    const media = await stores.ticketMedia.listForTicket(t.id);
    const photos = media
      .filter((m) => m.status === 'stored' && m.kind === 'image')
      .map((m) => `<a href="/dashboard/media/${m.id}" target="_blank"><img src="/dashboard/media/${m.id}" alt="照片" style="max-width:160px;max-height:160px;margin:4px;border-radius:4px"></a>`)
      .join('');
    const timeline = events
      .map((e) => `<li><span class="muted">${at(e.createdAt)}</span> ${esc(who(e.actorId))} ${esc(ACTION_ZH[e.action] ?? e.action)}${e.toStatus && e.toStatus !== e.fromStatus ? ` → ${esc(STATUS_ZH[e.toStatus])}` : ''}${e.note ? `：${esc(view.text(e.note))}` : ''}</li>`)
      .join('');
    const csrf = csrfField(v);
    const actions = ACTIONS[t.kind]
      .map((a) => `<form method="post" action="/dashboard/tickets/${t.id}/action">${csrf}<input type="hidden" name="verb" value="${esc(a.verb)}">${a.arg ? `<input name="arg" placeholder="${esc(a.arg)}"${a.needsArg ? ' required' : ''}>` : ''}<button data-verb="${esc(a.verb)}">${esc(a.label)}</button></form>`)
      .join('');
    const body = `${flash ? `<div class="flash${flash.error ? ' err' : ''}" id="flash">${esc(flash.text)}</div>` : ''}
<h1>${esc(KIND_ZH[t.kind])} #${t.id} <span class="tag">${esc(STATUS_ZH[t.status])}</span>${t.urgent ? ' <span class="late">紧急</span>' : ''}</h1>
<table><tbody><tr><th>内容</th><td class="pre">${esc(view.text(t.description))}</td></tr><tr><th>位置</th><td>${esc(view.location())}</td></tr>
<tr><th>电话</th><td>${esc(view.phone())}</td></tr><tr><th>类别</th><td>${esc(t.category ?? '')}</td></tr><tr><th>组别</th><td>${esc(t.team ?? '')}</td></tr>
<tr><th>处理人</th><td>${esc(t.assigneeId ? who(t.assigneeId) : '未派单')}</td></tr><tr><th>报告人</th><td>${esc(who(t.reporterId))}</td></tr><tr><th>创建</th><td>${at(t.createdAt)}</td></tr></tbody></table>
<h2>期限</h2><table><thead><tr><th>期限</th><th>开始</th><th>到期</th><th>状态</th></tr></thead><tbody>${clocks || '<tr><td colspan="4" class="muted">没有计时</td></tr>'}</tbody></table>
${photos ? `<h2>照片</h2><div>${photos}</div>` : ''}
<h2>操作</h2><p class="muted">操作与在聊天中发送指令完全相同（例如「派单 #${t.id} 张伟」），权限和规则由值班台判断。</p><div class="actions">${actions}</div>
<h2>处理记录</h2><ul class="timeline" id="timeline">${timeline}</ul><p><a href="/dashboard/tickets">返回工单列表</a></p>`;
    return page({ title: `#${t.id}`, viewer: v, path: '/dashboard/tickets', body });
  }

  app.get<{ Params: { id: string } }>('/dashboard/tickets/:id', async (req, reply) => {
    const v = deps.viewer(req);
    const t = await visible(req.params.id, v);
    if (!t) return reply.status(404).type('text/html; charset=utf-8').send(page({ title: '未找到', viewer: v, path: '/dashboard/tickets', body: NOT_FOUND }));
    return reply.type('text/html; charset=utf-8').send(await render(t, v));
  });

  app.post<{ Params: { id: string }; Body: { verb?: string; arg?: string } }>('/dashboard/tickets/:id/action', async (req, reply) => {
    const v = deps.viewer(req);
    const t = await visible(req.params.id, v);
    if (!t) return reply.status(404).type('text/html; charset=utf-8').send(page({ title: '未找到', viewer: v, path: '/dashboard/tickets', body: NOT_FOUND }));
    const words = commandText(t.kind, t.id, String(req.body?.verb ?? ''), String(req.body?.arg ?? ''));
    if ('error' in words) return reply.status(400).type('text/html; charset=utf-8').send(await render(t, v, { text: words.error, error: true }));
    const answer = await runAsChat(deps.dispatcher, v.person.id, words.text, clock.now());
    const fresh = (await stores.tickets.get(t.id)) ?? t;
    return reply.type('text/html; charset=utf-8').send(await render(fresh, v, { text: `已发送「${words.text}」\n${answer}` }));
  });

  app.get<{ Params: { id: string } }>('/dashboard/media/:id', async (req, reply) => {
    const v = deps.viewer(req);
    const m = /^\d{1,9}$/.test(req.params.id) ? await stores.ticketMedia.get(Number(req.params.id)) : null;
    const t = m?.ticketId ? await visible(String(m.ticketId), v) : null;
    const bytes = t && m?.path && m.status === 'stored' ? await deps.media.get(m.path) : null;
    if (!bytes) return reply.status(404).send({ error: '未找到' });
    return reply.type(m!.contentType ?? 'application/octet-stream').header('cache-control', 'private, max-age=3600').send(bytes);
  });
}
