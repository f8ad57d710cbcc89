// What an alert needs to know about the item behind a clock, loaded in one query per item type.
import type { PrismaClient } from '../../store/prisma/client.js';
import type { ClockName, ItemType, TicketStatus } from '../../store/types.js';
import { TICKET_FINAL_STATUSES } from '../../store/types.js';
import { clip, handoverRef, location } from '../format.js';

export interface AlertItem {
  /** 报修#12, 投诉#7, 请假#3, 交班#5, 演练#2 */
  ref: string;
  /** Where and what, short. Never a phone number. */
  summary: string;
  /** The person who must act; null: nobody yet (the duty group and the lead are told). */
  ownerId: number | null;
  team: string | null;
  /** False once the item needs no more work: its clocks are stopped instead of alerted. */
  open: boolean;
  /** 响应 / 首次答复 / 到场 / 完工 / 回访 / 审批 / 接班确认 / 演练 */
  label(clock: ClockName): string;
  /** The command that meets the clock, e.g. `接单 #12`. */
  action(clock: ClockName): string;
}

export const itemKey = (type: ItemType, id: number) => `${type}:${id}`;

type Loader = (prisma: PrismaClient, ids: number[]) => Promise<Array<[number, AlertItem]>>;

const tickets: Loader = async (prisma, ids) => {
  const rows = await prisma.ticket.findMany({ where: { id: { in: ids } } });
  return rows.map((t) => {
    const complaint = t.kind === 'complaint';
    const where = location(t);
    const item: AlertItem = {
      ref: `${complaint ? '投诉' : '报修'}#${t.id}${t.urgent ? '（紧急）' : ''}`,
      summary: `${where ? `${where} ` : ''}${clip(t.description, 30)}`,
      ownerId: t.assigneeId,
      team: t.team,
      open: !TICKET_FINAL_STATUSES.includes(t.status as TicketStatus),
      label: (c) =>
        ({ response: complaint ? '首次答复' : '响应', arrival: '到场', resolve: complaint ? '处理' : '完工', followup: '回访' })[c as string] ?? '处理',
      action: (c) => {
        if (c === 'response') return complaint ? `回复 #${t.id} 答复内容` : t.assigneeId ? `接单 #${t.id}` : `接单 #${t.id} 或 派单 #${t.id} 姓名`;
        if (c === 'arrival') return `到场 #${t.id}`;
        if (c === 'resolve') return complaint ? `解决 #${t.id} 处理结果` : `完工 #${t.id} 处理情况`;
        if (c === 'followup') return `回访 #${t.id} 1-5分`;
        return `查询 #${t.id}`;
      },
    };
    return [t.id, item];
  });
};

const leaves: Loader = async (prisma, ids) => {
  const rows = await prisma.leaveRequest.findMany({ where: { id: { in: ids } } });
  const people = await prisma.person.findMany({ where: { id: { in: rows.map((l) => l.personId) } }, select: { id: true, name: true, team: true } });
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map((l) => {
    const who = byId.get(l.personId);
    const item: AlertItem = {
      ref: `请假#${l.id}`,
      summary: `${who?.name ?? ''} ${l.startDate}${l.endDate !== l.startDate ? `至${l.endDate}` : ''} 共${l.days}天`.trim(),
      ownerId: l.approverId,
      team: who?.team ?? null,
      open: l.status === 'pending',
      label: () => '审批',
      action: () => `批准 #${l.id} 或 驳回 #${l.id} 原因`,
    };
    return [l.id, item];
  });
};

const handovers: Loader = async (prisma, ids) => {
  const rows = await prisma.handover.findMany({ where: { id: { in: ids } } });
  const people = await prisma.person.findMany({ where: { id: { in: rows.map((h) => h.outgoingId) } }, select: { id: true, name: true } });
  const byId = new Map(people.map((p) => [p.id, p.name]));
  return rows.map((h) => {
    const item: AlertItem = {
      ref: handoverRef(h.id),
      summary: `${byId.get(h.outgoingId) ?? ''}交班：${clip(h.dutyLog, 30)}`,
      ownerId: h.incomingId,
      team: h.team,
      open: h.status !== 'confirmed' && !h.confirmedAt,
      label: () => '接班确认',
      action: () => '接班',
    };
    return [h.id, item];
  });
};

const drills: Loader = async (prisma, ids) => {
  const rows = await prisma.drill.findMany({ where: { id: { in: ids } } });
  return rows.map((d) => {
    const item: AlertItem = {
      ref: `演练#${d.id}`,
      summary: `${d.location ? `${d.location} ` : ''}${clip(d.title, 30)}`,
      ownerId: d.ownerId,
      team: d.team,
      open: !d.completedAt && !['done', 'completed', 'cancelled', 'replaced'].includes(d.status),
      label: () => '演练',
      action: () => `演练 完成 #${d.id} 总结…`,
    };
    return [d.id, item];
  });
};

const LOADERS: Record<ItemType, Loader> = { ticket: tickets, leave: leaves, handover: handovers, drill: drills };

/** Loads every referenced item; a missing item is absent from the map. */
export async function loadItems(prisma: PrismaClient, refs: Array<{ itemType: ItemType; itemId: number }>): Promise<Map<string, AlertItem>> {
  const byType = new Map<ItemType, number[]>();
  for (const r of refs) {
    const ids = byType.get(r.itemType);
    if (ids) ids.push(r.itemId);
    else byType.set(r.itemType, [r.itemId]);
  }
  const out = new Map<string, AlertItem>();
  for (const [type, ids] of byType) {
    for (let i = 0; i < ids.length; i += 500) {
      for (const [id, item] of await LOADERS[type](prisma, ids.slice(i, i + 500))) out.set(itemKey(type, id), item);
    }
  }
  return out;
}
