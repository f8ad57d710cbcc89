// Pure CSV reader for the people directory: name,role,team,wecom_userid,dingtalk_userid,phone
import { ROLES, type PersonInput, type Role } from '../store/index.js';
import { readCsv } from './csv.js';

export const PEOPLE_HEADER = ['name', 'role', 'team', 'wecom_userid', 'dingtalk_userid', 'phone'];

/** The account columns: the directory provider each one fills (named by the channel modules) and how people call it. */
export const ACCOUNT_COLUMNS = [
  { column: 'wecom_userid', provider: 'wecom', label: '企业微信' },
  { column: 'dingtalk_userid', provider: 'dingtalk', label: '钉钉' },
] as const;

export function parsePeopleCsv(text: string): { rows: PersonInput[]; errors: string[] } {
  const { lines, headerError } = readCsv(text, PEOPLE_HEADER);
  if (headerError) return { rows: [], errors: [headerError] };
  const errors: string[] = [];
  const rows: PersonInput[] = [];
  const seen = new Map<string, number>();
  lines.forEach(({ n, fields: f }) => {
    if (f.length !== PEOPLE_HEADER.length) return void errors.push(`第 ${n} 行：应有 ${PEOPLE_HEADER.length} 列，实际 ${f.length} 列`);
    const [name, role, team, wecom, ding, phoneRaw] = f as [string, string, string, string, string, string];
    if (!name) errors.push(`第 ${n} 行：姓名不能为空`);
    if (!ROLES.includes(role as Role)) errors.push(`第 ${n} 行：角色「${role}」无效，应为 ${ROLES.join(' / ')}`);
    const phone = phoneRaw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
    if (phoneRaw && !/^1[3-9]\d{9}$/.test(phone)) errors.push(`第 ${n} 行：手机号格式不正确`);
    const accounts: Record<string, string> = {};
    for (const [{ provider, label }, id] of [[ACCOUNT_COLUMNS[0], wecom], [ACCOUNT_COLUMNS[1], ding]] as const) {
      if (!id) continue;
      accounts[provider] = id;
      const key = `${provider}:${id}`;
      if (seen.has(key)) errors.push(`第 ${n} 行：${label}账号 ${id} 与第 ${seen.get(key)} 行重复`);
      else seen.set(key, n);
    }
    rows.push({ name, role: role as Role, team: team || null, phone: phoneRaw ? phone : null, accounts });
  });
  return { rows: errors.length ? [] : rows, errors };
}
