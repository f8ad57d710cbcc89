// Categories of repairs and complaints, and the team each routes to by default (docs/desk-rules.md#routing).
// The parser proposes a category from the words of the message; the desk may change it (分类 #12 停车);
// ROUTING (configuration) overrides the team of any category. An unknown or unstaffed team falls back to the desk.

export const REPAIR_CATEGORIES = ['水电', '门窗', '电梯', '暖通', '公共设施', '绿化', '其他维修'] as const;
export const COMPLAINT_CATEGORIES = ['服务态度', '维修质量', '噪音', '卫生', '安全', '停车', '收费', '邻里', '宠物', '绿化', '其他'] as const;
export type RepairCategory = (typeof REPAIR_CATEGORIES)[number];
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export type Category = RepairCategory | ComplaintCategory;

/** The teams a category can route to. 客服 is the desk: the fallback of everything. */
export const TEAMS = ['工程', '客服', '保安', '保洁', '绿化'] as const;
export const DESK_TEAM = '客服';

export const DEFAULT_ROUTES: Readonly<Record<Category, string>> = {
  水电: '工程',
  门窗: '工程',
  电梯: '工程',
  暖通: '工程',
  公共设施: '工程',
  绿化: '绿化',
  其他维修: '工程',
  服务态度: '客服',
  维修质量: '工程',
  噪音: '保安',
  卫生: '保洁',
  安全: '保安',
  停车: '保安',
  收费: '客服',
  邻里: '客服',
  宠物: '保安',
  其他: '客服',
};

/** The category a ticket of this kind gets when nothing in the text points to one. */
export const DEFAULT_CATEGORY = { repair: '其他维修', complaint: '其他', inquiry: '其他' } as const;

export const isCategory = (s: string): s is Category => (REPAIR_CATEGORIES as readonly string[]).includes(s) || (COMPLAINT_CATEGORIES as readonly string[]).includes(s);
export const categoriesOf = (kind: 'repair' | 'complaint'): readonly Category[] => (kind === 'repair' ? REPAIR_CATEGORIES : COMPLAINT_CATEGORIES);
