// Server-rendered pages: escaping, the common frame (menu, sign-out with its CSRF token) and the stylesheet.
// Every text that comes from people (residents' words, names) goes through esc(); pages put nothing raw.
import type { SignedIn } from './session.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** JSON for an inline <script>: no "</script>" or "<!--" can close it early. */
export const inlineJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028|\u2029/g, '');

export const ROLE_ZH: Record<string, string> = { staff: '员工', lead: '组长', supervisor: '主管', manager: '经理', resident: '住户' };

const MENU: Array<[string, string]> = [
  ['/dashboard', '总览'],
  ['/dashboard/tickets', '工单'],
  ['/dashboard/calendar', '日程'],
  ['/dashboard/people', '人员'],
  ['/dashboard/pushes', '推送'],
  ['/dashboard/reports', '报表'],
];

const CSS = `
*{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;background:#f4f6f9;color:#1f2937;font-size:15px}
header{background:#1d4ed8;color:#fff;padding:8px 12px;display:flex;flex-wrap:wrap;align-items:center;gap:8px}
header b{font-size:17px;margin-right:8px}header nav{display:flex;flex-wrap:wrap;gap:4px;flex:1}
header a{color:#fff;text-decoration:none;padding:4px 10px;border-radius:4px}header a.on{background:rgba(255,255,255,.25)}
header form{margin:0}header button{background:transparent;color:#fff;border:1px solid #fff8;border-radius:4px;padding:3px 8px}
main{padding:12px;max-width:1200px;margin:0 auto}h1{font-size:19px;margin:4px 0 12px}h2{font-size:16px;margin:16px 0 8px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.card{background:#fff;border-radius:8px;padding:10px 12px;box-shadow:0 1px 2px #0001}.card .n{font-size:26px;font-weight:600}
.card.bad .n{color:#dc2626}.card.warn .n{color:#d97706}.muted{color:#6b7280;font-size:13px}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden}
th,td{padding:7px 8px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}th{background:#eef2f7;font-weight:600;font-size:13px}
.late{color:#dc2626;font-weight:600}.soon{color:#d97706;font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:6px;margin-bottom:10px}form.filters>*{flex:1 1 120px}
input,select,textarea,button{font:inherit;padding:6px 8px;border:1px solid #cbd5e1;border-radius:4px}
button{background:#1d4ed8;color:#fff;border:none;cursor:pointer}button.plain{background:#e5e7eb;color:#111}
.flash{padding:10px;border-radius:6px;background:#ecfdf5;border:1px solid #a7f3d0;white-space:pre-wrap;margin-bottom:10px}
.flash.err{background:#fef2f2;border-color:#fecaca}.timeline{list-style:none;padding:0;margin:0}
.timeline li{background:#fff;margin-bottom:4px;padding:6px 10px;border-left:3px solid #1d4ed8;border-radius:4px}
.pager{display:flex;gap:8px;align-items:center;margin:10px 0}.pre{white-space:pre-wrap}
.actions form{display:flex;flex-wrap:wrap;gap:6px;margin-bottom:6px}.tag{display:inline-block;padding:1px 6px;border-radius:3px;background:#e0e7ff;font-size:12px}
@media (max-width:640px){header nav{order:3;flex-basis:100%}header span{flex:1;font-size:13px}.hide-sm{display:none}th,td{padding:6px 4px;font-size:14px}}
`;

/** The CSRF token every form that writes carries (checked by session.ts). */
export const csrfField = (v: SignedIn): string => `<input type="hidden" name="_csrf" value="${esc(v.session.csrfToken)}">`;

/** The frame of every signed-in page. */
export function page(opts: { title: string; viewer: SignedIn; path: string; body: string; script?: string }): string {
  const v = opts.viewer;
  const nav = MENU.map(([href, label]) => `<a href="${href}"${opts.path === href ? ' class="on"' : ''}>${label}</a>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)} · 值班看板</title><style>${CSS}</style></head><body>
<header><b>值班看板</b><nav>${nav}</nav><span>${esc(v.person.name)}（${esc(ROLE_ZH[v.person.role] ?? v.person.role)}${v.person.team ? ` · ${esc(v.person.team)}` : ''}）</span>
<form method="post" action="/dashboard/logout">${csrfField(v)}<button>退出</button></form></header>
<main>${opts.body}</main>${opts.script ? `<script>${opts.script}</script>` : ''}</body></html>`;
}

/** A page for people who are not signed in (refusals, the sign-in step). */
export function plainPage(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · 值班看板</title><style>${CSS}</style></head><body><header><b>值班看板</b></header><main>${body}</main></body></html>`;
}

export const SIGN_IN_HINT = '请在工作聊天软件里私聊值班台机器人，发送「登录」，然后点开收到的链接（链接只能使用一次，过期后重新发送「登录」即可）。';
