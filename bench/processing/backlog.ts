// The processing benchmarks' backlog: N distinct 报修 messages from known staff, as the intake records them.
import type { Stores } from '../../src/store/index.js';
import type { BacklogRow } from './baseline.js';

/** The runtime's settings in the processing benchmarks: a DingTalk channel that reaches nothing (no outbox worker runs). */
export const BENCH_APP_ENV = {
  LOG_LEVEL: 'warn',
  CONSOLE_ENABLED: 'false',
  DINGTALK_APP_KEY: 'dingbench',
  DINGTALK_APP_SECRET: 'bench-app-secret',
  DINGTALK_ROBOT_CODE: 'dingbench',
  DINGTALK_API_BASE: 'http://127.0.0.1:9',
  DINGTALK_OAPI_BASE: 'http://127.0.0.1:9',
  // Duty-group notifications need a channel; the outbox worker is not running here, nothing is sent.
  DINGTALK_GROUP_WEBHOOK: 'http://127.0.0.1:9/robot/send?access_token=bench',
};

/** The i-th message: a distinct repair (building, unit, room, problem); in run.ts and instances.ts. */
export function repairText(i: number): string {
  const problems = ['厨房水管漏水', '卫生间马桶堵了', '客厅灯不亮', '门禁刷卡没反应', '楼道灯坏了'];
  return `报修 ${1 + (i % 30)}栋${1 + (i % 4)}单元${100 * (1 + (i % 28)) + (1 + (i % 6))} ${problems[i % problems.length]}`;
}

/** The 工程 lead told of every new repair, and `staff` engineers and clerks who report (DingTalk ids bench0…). */
export async function seedStaff(stores: Stores, staff: number): Promise<void> {
  await stores.people.create({ name: '赵强', role: 'lead', team: '工程', phone: null, accounts: { dingtalk: 'lead0' } });
  for (let s = 0; s < staff; s++) {
    await stores.people.create({ name: `值班员${s}`, role: 'staff', team: s % 2 ? '客服' : '工程', phone: null, accounts: { dingtalk: `bench${s}` } });
  }
}

/**
 * N messages spread round-robin over `conversations` group chats (one per estate: a central desk serves hundreds),
 * message i from staff i % staff. With conversations = 1 every message is in one group chat.
 */
export function backlogRows(n: number, staff: number, conversations: number, receivedAt: Date): BacklogRow[] {
  return Array.from({ length: n }, (_, i) => ({
    platform: 'dingtalk',
    msgId: `msg-${i}`,
    chatId: conversations === 1 ? 'cidBenchGroup==' : `cidEstate${i % conversations}==`,
    chatType: 'group',
    senderId: `bench${i % staff}`,
    text: repairText(i),
    receivedAt,
  }));
}

/** Records the rows as the intake's group commit does (500 per statement). */
export async function recordBacklog(stores: Stores, rows: BacklogRow[], at: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await stores.inbound.recordMany(rows.slice(i, i + 500), at);
}
