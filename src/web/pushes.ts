// 推送: pushes that failed for good or still wait, and the operator's retry (supervisors and managers, with CSRF).
import type { FastifyInstance } from 'fastify';
import { formatLocal } from '../clock.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { clip } from '../handlers/format.js';
import { maskPersonal } from '../handlers/privacy.js';
import type { Stores } from '../store/index.js';
import { csrfField, esc, page } from './html.js';
import type { SignedIn } from './session.js';

const SHOWN = 200;
const STATUS_ZH: Record<string, string> = { pending: '等待发送', sending: '发送中', failed: '发送失败', sent: '已发送', cancelled: '已取消' };
const mayRetry = (v: SignedIn) => v.person.role === 'supervisor' || v.person.role === 'manager';
/** Pushes carry other people's private messages: the operators (supervisors, managers) only. */
const maySee = mayRetry;
/** Login links in a waiting reply never show (they sign their owner in). */
const shown = (text: string) => clip(maskPersonal(text).replace(/token=[\w-]+/g, 'token=***'), 80);

export function pushRoutes(app: FastifyInstance, deps: { stores: Stores; config: Config; clock: Clock; viewer(req: unknown): SignedIn }): void {
  const { stores, config, clock } = deps;
  const off = config.utcOffsetMinutes;

  async function render(v: SignedIn, flash?: string): Promise<string> {
    const rows = await stores.dashboard.pushes(SHOWN);
    const csrf = csrfField(v);
    const body = rows
      .map(
        (r) => `<tr><td>${r.id}</td><td>${esc(STATUS_ZH[r.status] ?? r.status)}</td><td class="hide-sm">${esc(r.channel)}</td><td>${esc(shown(r.title ? `${r.title}：${r.text}` : r.text))}</td>
<td class="hide-sm">${r.attempts}</td><td class="hide-sm">${esc(clip(maskPersonal(r.lastError ?? ''), 60))}</td><td class="hide-sm">${formatLocal(r.createdAt, off)}</td>
<td>${r.status === 'failed' && mayRetry(v) ? `<form method="post" action="/dashboard/pushes/${r.id}/retry">${csrf}<button>重试</button></form>` : ''}</td></tr>`,
      )
      .join('');
    const table = `<table><thead><tr><th>编号</th><th>状态</th><th class="hide-sm">渠道</th><th>内容</th><th class="hide-sm">次数</th><th class="hide-sm">错误</th><th class="hide-sm">创建</th><th></th></tr></thead><tbody>${body || '<tr><td colspan="8" class="muted">没有失败或等待中的推送</td></tr>'}</tbody></table>`;
    return page({ title: '推送', viewer: v, path: '/dashboard/pushes', body: `${flash ? `<div class="flash">${esc(flash)}</div>` : ''}<h1>推送（失败与等待中）</h1>${table}` });
  }

  app.get('/dashboard/pushes', async (req, reply) => {
    const v = deps.viewer(req);
    if (!maySee(v)) return reply.status(403).type('text/html; charset=utf-8').send(page({ title: '推送', viewer: v, path: '/dashboard/pushes', body: '<div class="flash err">推送记录仅主管和经理可以查看。</div>' }));
    return reply.type('text/html; charset=utf-8').send(await render(v));
  });

  app.post<{ Params: { id: string } }>('/dashboard/pushes/:id/retry', async (req, reply) => {
    const v = deps.viewer(req);
    if (!mayRetry(v)) return reply.status(403).type('text/html; charset=utf-8').send(page({ title: '推送', viewer: v, path: '/dashboard/pushes', body: '<div class="flash err">只有主管和经理可以重试推送。</div>' }));
    const id = Number(req.params.id);
    const now = clock.now();
    const ok = Number.isInteger(id) && (await stores.dashboard.retryPush(id, now, new Date(now.getTime() + config.sla.outboxGiveUpMinutes * 60_000)));
    return reply.type('text/html; charset=utf-8').send(await render(v, ok ? `推送 ${id} 已重新排队，稍后自动发送。` : `推送 ${req.params.id} 不是失败状态，无需重试。`));
  });
}
