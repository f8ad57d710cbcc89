// The household lexicon: which words point to which category (categories.ts) and whether they say that something
// is wrong. Matching is a plain substring scan, leftmost-longest, so 卫生间 is never 卫生, 电梯门 is never 门 and
// 狗叫 (噪音) is never 狗 (宠物).
//
// Substring lexicon vs word segmentation. The same entries, matched either anywhere (substring, leftmost-longest) or
// only where both ends fall on a word boundary of @node-rs/jieba 2.0.3 (default dictionary, HMM off), and jieba again
// after loading every lexicon word into it as a user word; resident.ts and PATTERNS are the same in all three. Share of
// residents' messages with intent and category both right (typo rows left out; sets in tests/unit/resident-*.ts):
//
//                                               substring        jieba            jieba + lexicon as user words
//   fresh hold-outs H5–H7, scored once, untuned  88/130  67.7 %   85/130  65.4 %   87/130  66.9 %
//   all tables today (acceptance, H1–H7)         349/371 94.1 %   336/371 90.6 %   343/371 92.5 %
//   time per message, warm                       ~9 µs            ~13 µs           ~11 µs   (+0.4–2 s, 11 MB to load)
//
// jieba wins where a one-letter entry sits inside another word (返/臭味 is no 臭 complaint, 喷水/头 no 水); it loses
// where a lexicon word is only part of one of its words (路/灯不亮, 垃圾桶, 吸顶灯, 推拉窗, 偷油, 放鞭炮, 月/租车/位).
// Within three points on unseen text, the substring lexicon needs no native module and no second dictionary to keep
// in step: it is what the parser uses. One-letter pitfalls are handled here with neutral entries (卫生间, 天花板, 花园).
import type { Category } from '../categories.js';
import { PATTERNS } from './lexicon-patterns.js';

export type Kind = 'repair' | 'complaint';

export interface Entry {
  word: string;
  /** null: a neutral word that only keeps its letters from matching anything else (卫生间, 门口). */
  kind: Kind | null;
  category: Category | null;
  /** 3: an object or topic that names the category; 2: a symptom or grievance; 1: a place; 10 outweighs any fault it mentions. */
  weight: number;
  /** The word says that something is wrong (a fault, a grievance), not only what it is about. */
  act: boolean;
}

type Spec = [kind: Kind | null, category: Category | null, weight: number, act: boolean, words: string];

const SPECS: Spec[] = [
  // —— repairs ——
  ['repair', '水电', 3, false, '水管 管子 热水 水龙头 龙头 马桶 坐便器 蹲坑 下水道 下水管 排水管 污水管 地漏 水表 电表 洗手池 洗手盆 洗菜池 水池 水槽 面盆 花洒 淋浴 热水器 阀门 总阀 角阀 管道 化粪池 插座 插头 开关 电闸 总闸 空开 漏保 配电箱 电箱 电线 线路 电路 灯 灯泡 灯管 吊灯 灯具 电灯 声控灯 感应灯 电源 燃气表 燃气灶 浴缸 保险丝 水阀 排水 污水 水箱 进水阀 浮球 软管 水嘴 下水口 出水口 上下水'],
  ['repair', '水电', 2, false, '水'],
  // the supply itself is no fault (燃气开户去哪办): its smell and leaks are
  ['repair', '水电', 3, false, '燃气 煤气 天然气 燃气报警器'],
  ['repair', '水电', 2, true, '漏水 渗水 滴水 漏 返水 冒水 反水 爆管 爆了 爆裂 堵了 堵住 堵塞 堵死 冲不下去 不下水 下水慢 不通 没水 不出水 不出热水 出不了水 停水 水压低 水很小 没热水 停电 没电 断电 跳闸 漏电 短路 不亮 灯灭 一闪一闪 冒烟 漏气 有煤气味 燃气味 被淹 淹了 积水 水渍 断水 电压不稳 泄漏 泄露 来电 来水'],
  ['repair', '门窗', 2, false, '门 窗 锁'],
  ['repair', '门窗', 3, false, '密封条 门框 门缝 锁芯 窗锁 窗扇 防盗网 护栏网 窗户 玻璃 门锁 把手 合页 防盗门 入户门 单元门 楼道门 门禁 对讲 门铃 纱窗 推拉门 卷帘门 阳台门 窗框 钥匙 猫眼 密码锁 指纹锁 门禁卡 车库门'],
  ['repair', '门窗', 2, true, '关不上 关不严 锁不上 打不开门 开不了门 变形 刷不开 刷卡进不去 进不去'],
  ['repair', '电梯', 3, false, '电梯 轿厢 扶梯 电梯门 电梯按钮 电梯按键 货梯 客梯 货梯门'],
  ['repair', '电梯', 2, true, '困人 关人 被困 停运 不运行 卡在 溜梯 冲顶 蹲底 下坠'],
  ['repair', '暖通', 3, false, '暖气 暖气片 地暖 空调 新风 风机盘管 供暖 采暖 分水器 散热器 新风机 中央空调 排气扇 地暖管 暖气管 冷凝水 冷凝管 冷凝水管 外机'],
  ['repair', '暖通', 2, true, '不热 不制冷 不制热 不暖和 温度上不来 冰凉 温度低 太冷 不通风'],
  ['repair', '公共设施', 3, false, '路灯 庭院灯 草坪灯 道闸 健身器材 滑梯 秋千 座椅 长椅 井盖 护栏 栏杆 信报箱 快递柜 充电桩 水泵 喷泉 台阶 地砖 路面 扶手 雨棚 排风扇 外墙 墙皮 墙面 屋顶 楼梯 消防栓 消火栓 宣传栏 公告栏 广告牌 晾衣架 健身器 篮球架 坑洼 大坑 地垫 减速带'],
  // devices with no category of their own: still things that break (报警器一直响, 油烟机不抽)
  ['repair', '其他维修', 2, false, '报警器 烟感 烟雾报警器 报警铃 警报器 油烟机 抽油烟机 吸油烟机 烟机 瓷砖 吊顶 地板'],
  ['repair', '公共设施', 1, false, '楼道 大堂 车库 地下室 会所 走廊 天台 出口 入口 楼顶 游乐场 游乐区 儿童乐园 健身区 广场'],
  ['repair', '绿化', 3, false, '树 花 树木 树枝 树叶 大树 草坪 草地 草皮 绿化带 花坛 灌木 喷灌 绿篱 绿植 花草'],
  // what is wrong, without saying with what
  ['repair', null, 2, true, '坏 故障 失灵 不能用 用不了 没反应 不好使 不工作 打不开 关不紧 卡住 松了 松动 掉了 脱落 裂 断了 倒了 破了 闪 流水 哗哗 漏了 生锈 锈了 歪了 塌了 塌陷 鼓包 翘起 异响 响声 一直响 老是响 总是响 响个不停 修一下 修理 维修 报修 来修 派人 上门维修'],
  // —— complaints ——
  ['complaint', '服务态度', 3, true, '态度 挂电话 直接挂了 修不了 就走了 在睡觉 打瞌睡 脱岗 离岗 占线 打不进去 没人接 爱搭不理 服务差 服务太差 不耐烦 骂人 爱答不理 不理人 不搭理 甩脸 凶 推诿 敷衍 踢皮球 不作为 没人理 不回复 不接电话 电话打不通 不负责 睡岗 玩手机 打游戏 玩游戏 刷手机 刷视频 阴阳怪气 没礼貌 不礼貌 摆架子 嚣张 怼人 凶巴巴 傲慢 冷冰冰 说话难听 服务不好 不专业 拖延 迟迟不来 没人来 推脱 爱理不理'],
  ['complaint', '维修质量', 10, true, '没修好 修不好 修了又 修完又 刚修 上次修 修过 修得 会不会修 返修 修了一次 修了两次 修了三次 修了几次 修了好几次 修了很多次 维修质量 乱修 瞎修 越修越 质量太差 质量差 质量不好 质量问题'],
  ['complaint', '噪音', 3, true, '打桩 飙车 炸街 轰油门 噪音 噪声 扰民 狗叫 吵 吵闹 太吵 很吵 吵死 电钻 广场舞 音响 喇叭 声音大 声音太大 大声 放音乐 唱歌 打麻将 敲敲打打 吠 鸡叫 钢琴 练琴 弹琴 乐器 打鼓 一直叫 乱叫 叫个不停 狂叫 叫唤'],
  ['complaint', '噪音', 1, false, '装修'],
  ['complaint', '噪音', 3, false, '半夜 深夜 凌晨 大清早 一大早 施工 工地 声音 刺耳 KTV ktv 酒吧 歌厅'],
  ['complaint', '卫生', 3, false, '垃圾'],
  ['complaint', '卫生', 3, true, '乱涂乱画 乱涂 涂鸦 脏 臭 异味 怪味 苍蝇 蟑螂 老鼠 蚊子 发臭 发霉 吐痰 随地吐痰 痰 绿藻 死鱼 死老鼠 广告 骚味 尿骚 尿味 霉味 腥味 烟味 建筑垃圾 污水横流 没人扫 没打扫 不打扫 没清理 未清理 不清理 没人清理 小广告 乱扔 乱丢'],
  ['complaint', '卫生', 2, false, '保洁 卫生'],
  ['complaint', '安全', 3, true, '小偷 被偷 失窃 偷 安全隐患 隐患 火灾 翻墙 翻进来 高空抛物 飞线充电 私拉电线 乱拉电线 私接电线 高空 坠物 陌生人 可疑 闯入 盗窃 偷窃 被撬 撬门 撬了 撬开 撬坏 撬锁 摆摊 摆地摊 小商贩 流动摊贩 鞭炮 烟花 放炮 烧纸 烧东西 焚烧 明火 着火 起火 随便进出 随意进出 随便进'],
  ['complaint', '安全', 3, false, '危险 不安全 差点'],
  ['complaint', '安全', 3, true, '消防通道'],
  ['complaint', '安全', 1, false, '监控 消防'],
  ['complaint', '安全', 3, false, '保安 门岗 门卫 巡逻 电动车 电瓶车 充电 灭火器 消防器材'],
  ['complaint', '停车', 3, true, '乱停 乱停车 乱停乱放 占车位 占了车位 车位被占 堵车位 挡车 挪车 贴条 被占 占了 占位 违停 挡道 堵门 占道 僵尸车'],
  ['complaint', '停车', 3, false, '车位 停车位 停车 停车场 停在 车停'],
  ['complaint', '收费', 3, true, '乱收费 收得 单独收 另收 额外收 多收 乱收 多扣 乱扣 扣费 不退 涨价 涨 贵 收费不合理'],
  ['complaint', '收费', 3, false, '物业费 收费 费用 水费 电费 停车费 电梯费 管理费 押金 退费 发票 收据 维修费 维修基金 维修资金'],
  ['complaint', '邻里', 3, true, '吵架 打架 纠纷 侵占 占用 私搭乱建 违建 堆放 种菜 毁绿 圈地 私自 私装 私搭 搭建 搭了 圈起来 圈占 私占 占为己有 据为己有'],
  ['complaint', '邻里', 1, false, '邻居 楼上 楼下 隔壁 对门'],
  ['complaint', '邻里', 3, false, '装修工人 装修工 装修队 施工队 装修的人 搬家公司'],
  ['complaint', '宠物', 3, true, '鸽子屎 鸟屎 遛狗 不牵绳 没牵绳 不拴绳 狗屎 狗粪 猫屎 咬人 咬到'],
  ['complaint', '宠物', 3, false, '鸽子 狗 猫 宠物 宠物狗 大型犬 养狗 狗绳'],
  ['complaint', '绿化', 3, true, '修剪 杂草 杂草丛生 枯死 枯了 没人浇水'],
  ['complaint', null, 2, true, '凭什么 不满意 太差 差劲 说了也不听 不像话 不合理 离谱 不管 没人管 拉屎 拉尿 随地大小便'],
  // —— neutral: these letters are not the words above ——
  [null, null, 0, false, '卫生间 洗手间 门口 上门 出门 进门 部门 大门口 热狗 师傅 维修工 维修师傅 维修人员 影响 东门 西门 南门 北门 来电话 来电显示 不动产 花了 花钱 花费 花样 花盆 花园 窗台 开锁 天花板 单元门口 水果 水平 口水 薪水 卡在哪'],
];

const LISTED = SPECS.flatMap(([kind, category, weight, act, words]) => words.split(' ').map((word): Entry => ({ word, kind, category, weight, act })));
export const ENTRIES: ReadonlyMap<string, Entry> = new Map(LISTED.map((e) => [e.word, e]));
/** Words listed twice (the later one would win silently): checked by the tests. */
export const DUPLICATES = LISTED.map((e) => e.word).filter((w, i, all) => all.indexOf(w) !== i);
const MAX_LEN = Math.max(...[...ENTRIES.keys()].map((w) => w.length));

export interface Hit {
  entry: Entry;
  index: number;
}

/**
 * Lexicon words in the text, leftmost-longest and not overlapping. `boundaries` (offsets where a word may start or
 * end) restricts matches to a segmenter's words; without it any substring counts.
 */
export function lexiconHits(text: string, boundaries?: ReadonlySet<number>): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < text.length; ) {
    let len = 0;
    if (!boundaries || boundaries.has(i)) {
      for (let n = Math.min(MAX_LEN, text.length - i); n > 0; n--) {
        if ((!boundaries || boundaries.has(i + n)) && ENTRIES.has(text.slice(i, i + n))) {
          len = n;
          break;
        }
      }
    }
    if (len) {
      const entry = ENTRIES.get(text.slice(i, i + len))!;
      if (entry.kind) hits.push({ entry, index: i });
      i += len;
    } else i += 1;
  }
  for (const [re, e] of PATTERNS) for (const m of text.matchAll(re)) hits.push({ entry: { word: m[0], ...e }, index: m.index });
  return hits;
}

/** The sum of the weights of one kind's words (all kinds: null). */
export const score = (hits: Hit[], kind: Kind): number => hits.reduce((s, h) => s + (h.entry.kind === kind ? h.entry.weight : 0), 0);

/**
 * The category of one kind with the highest total weight; on a tie the one a grievance or fault word points to (贴条
 * over 停车费), then the one named first. Undefined when no word of that kind names one.
 */
export function categoryOf(hits: Hit[], kind: Kind, keep: (h: Hit) => boolean = () => true): Category | undefined {
  const totals = new Map<Category, { weight: number; act: boolean }>();
  for (const h of hits) {
    if (h.entry.kind !== kind || !h.entry.category || !keep(h)) continue;
    const t = totals.get(h.entry.category) ?? { weight: 0, act: false };
    totals.set(h.entry.category, { weight: t.weight + h.entry.weight, act: t.act || h.entry.act });
  }
  let best: Category | undefined;
  for (const [c, t] of totals) {
    const b = best && totals.get(best)!;
    if (!b || t.weight > b.weight || (t.weight === b.weight && t.act && !b.act)) best = c;
  }
  return best;
}
