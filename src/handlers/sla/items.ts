// Loads the items behind a batch of clocks, one store read per item type, and lets each workflow describe
// its own items for the alert (workflow states files: label, action, owner).
import type { LeavePolicy } from '../../config.js';
import type { ItemType, Stores } from '../../store/index.js';
import { loadChain } from '../approval.js';
import { complaintAlert } from '../complaint/states.js';
import { drillAlert } from '../drill/states.js';
import { handoverAlert } from '../handover/states.js';
import { inquiryAlert } from '../inquiry/states.js';
import { leaveAlert, leaveApprovers } from '../leave/states.js';
import { repairAlert } from '../repair/states.js';
import type { AlertItem } from './alert-item.js';

export type { AlertItem } from './alert-item.js';

export const itemKey = (type: ItemType, id: number) => `${type}:${id}`;

/** What the loaders need besides the stores: who may approve a leave depends on the leave policy. */
export interface ItemConfig {
  leave: LeavePolicy;
}

type Loader = (stores: Stores, ids: number[], config: ItemConfig) => Promise<Array<[number, AlertItem]>>;

const LOADERS: Record<ItemType, Loader> = {
  ticket: async (stores, ids) => (await stores.tickets.byIds(ids)).map((t) => [t.id, t.kind === 'complaint' ? complaintAlert(t) : t.kind === 'inquiry' ? inquiryAlert(t) : repairAlert(t)]),
  leave: async (stores, ids, config) => {
    const rows = await stores.leave.byIds(ids);
    const people = new Map((await stores.people.byIds([...new Set(rows.map((l) => l.personId))])).map((p) => [p.id, p]));
    const chain = await loadChain(stores.people, config.leave);
    return rows.map((l) => {
      const requester = people.get(l.personId) ?? null;
      return [l.id, leaveAlert(l, requester, leaveApprovers(l, requester, chain))];
    });
  },
  handover: async (stores, ids) => {
    const rows = await stores.handovers.byIds(ids);
    const people = new Map((await stores.people.byIds([...new Set(rows.map((h) => h.outgoingId))])).map((p) => [p.id, p]));
    return rows.map((h) => [h.id, handoverAlert(h, people.get(h.outgoingId)?.name ?? '')]);
  },
  drill: async (stores, ids) => (await stores.drills.byIds(ids)).map((d) => [d.id, drillAlert(d)]),
};

/** Loads every referenced item; a missing item is absent from the map. */
export async function loadItems(stores: Stores, refs: Array<{ itemType: ItemType; itemId: number }>, config: ItemConfig): Promise<Map<string, AlertItem>> {
  const byType = new Map<ItemType, number[]>();
  for (const r of refs) {
    const ids = byType.get(r.itemType);
    if (ids) ids.push(r.itemId);
    else byType.set(r.itemType, [r.itemId]);
  }
  const out = new Map<string, AlertItem>();
  for (const [type, ids] of byType) {
    for (let i = 0; i < ids.length; i += 500) {
      for (const [id, item] of await LOADERS[type](stores, ids.slice(i, i + 500), config)) out.set(itemKey(type, id), item);
    }
  }
  return out;
}
