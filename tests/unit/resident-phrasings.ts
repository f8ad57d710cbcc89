// The acceptance table of #12 (data only, so measurements can read it without the test runner): residents' own
// phrasings → the intent and category the desk must get. See resident.test.ts.
import type { Command } from '../../src/handlers/command/command.js';

export type Row = [input: string, intent: Command['intent'], category?: string];

export const ACCEPTANCE: Row[] = [
  // —— repairs: plumbing and power (水电) ——
  ['7栋1单元803 厨房水龙头又漏了', 'repair', '水电'],
  ['厨房水龙头又漏了 7栋1单元803', 'repair', '水电'],
  ['我家马桶堵了，冲不下去', 'repair', '水电'],
  ['3栋2单元1502 卫生间下水道一直返水', 'repair', '水电'],
  ['家里停电了，别人家都有电', 'repair', '水电'],
  ['插座没电了，是不是跳闸了', 'repair', '水电'],
  ['客厅的灯还是不亮', 'repair', '水电'],
  ['热水器不出热水了', 'repair', '水电'],
  ['水管爆了，水流了一地！', 'repair', '水电'],
  ['家里没水了，是停水了吗？', 'repair', '水电'],
  ['我是12栋的 家里跳闸了推不上去', 'repair', '水电'],
  ['老是跳闸 一用电饭煲就跳', 'repair', '水电'],
  ['下水道堵了 好臭', 'repair', '水电'],
  ['楼道灯坏了好几天', 'repair', '水电'],
  ['煤气有味道 好像漏气了', 'repair', '水电'],
  // —— lifts (电梯) ——
  ['5栋电梯又坏了', 'repair', '电梯'],
  ['电梯困人了！快来人', 'repair', '电梯'],
  ['电梯门关不上，一直开开关关', 'repair', '电梯'],
  ['电梯里的按钮失灵了', 'repair', '电梯'],
  // —— heating and air conditioning (暖通) ——
  ['暖气不热，屋里才十几度', 'repair', '暖通'],
  ['地暖漏水了', 'repair', '暖通'],
  ['空调不制冷', 'repair', '暖通'],
  ['暖气片一直在滴水', 'repair', '暖通'],
  // —— doors and windows (门窗) ——
  ['单元门的门禁坏了，刷卡进不去', 'repair', '门窗'],
  ['阳台窗户关不上了', 'repair', '门窗'],
  ['入户门锁坏了打不开', 'repair', '门窗'],
  ['防盗门一直关不严', 'repair', '门窗'],
  ['地下车库的卷帘门卡住了', 'repair', '门窗'],
  // —— common facilities (公共设施) and greenery (绿化) ——
  ['小区健身器材坏了', 'repair', '公共设施'],
  ['楼下的路灯不亮了', 'repair', '公共设施'],
  ['小区门口的道闸坏了', 'repair', '公共设施'],
  ['楼下那棵树倒了压在路上', 'repair', '绿化'],
  ['大风把树枝刮断了', 'repair', '绿化'],
  ['墙皮掉了一大块', 'repair', '公共设施'],
  // —— voice transcriptions and full-width forms ——
  ['喂你好那个我家那个厨房水管漏水了你们派个人来看一下', 'repair', '水电'],
  ['就是我们那个单元的电梯啊又停了 一直不动 卡在那里', 'repair', '电梯'],
  ['７栋１单元８０３　厨房水龙头漏水', 'repair', '水电'],
  ['３号楼２单元１５０２，卫生间漏水了！', 'repair', '水电'],
  ['我要报修', 'repair'],
  // —— complaints: noise (噪音), pets (宠物), hygiene (卫生) ——
  ['楼上装修太吵了', 'complaint', '噪音'],
  ['隔壁每天晚上十一点还在装修，电钻声吵死了', 'complaint', '噪音'],
  ['楼下广场舞太吵了 能不能管一管', 'complaint', '噪音'],
  ['邻居家的狗叫了一整夜 根本睡不着', 'complaint', '噪音'],
  ['有人遛狗不牵绳，差点咬到孩子', 'complaint', '宠物'],
  ['草坪上到处是狗屎', 'complaint', '宠物'],
  ['楼道里垃圾好几天没人收了', 'complaint', '卫生'],
  ['垃圾桶太臭了 苍蝇到处飞', 'complaint', '卫生'],
  ['保洁阿姨一个星期都不打扫楼道', 'complaint', '卫生'],
  // —— parking (停车), security (安全) ——
  ['楼下车库有人乱停车堵住我的车位', 'complaint', '停车'],
  ['我的车位被人占了', 'complaint', '停车'],
  ['小区里的车乱停乱放 救护车都进不来', 'complaint', '停车'],
  ['门岗保安随便放陌生人进来', 'complaint', '安全'],
  ['小区围墙有个缺口 晚上有人翻墙进来', 'complaint', '安全'],
  ['楼道里堆了好多杂物 有火灾隐患', 'complaint', '安全'],
  // —— service, repair quality, fees, neighbours, greenery ——
  ['客服态度太差了 打电话一直不接', 'complaint', '服务态度'],
  ['那个维修师傅说话难听', 'complaint', '服务态度'],
  ['上个星期刚修的马桶又堵了 你们到底会不会修', 'complaint', '维修质量'],
  ['修了三次还是漏水', 'complaint', '维修质量'],
  ['物业乱收费 凭什么涨价', 'complaint', '收费'],
  ['电梯费怎么一下涨了这么多', 'complaint', '收费'],
  ['对门邻居把鞋柜堆放在公共走廊上，说了也不听', 'complaint', '邻里'],
  ['小区的树好久没修剪了 挡住了我家窗户', 'complaint', '绿化'],
  ['草坪杂草丛生 都没人管', 'complaint', '绿化'],
  ['我要投诉', 'complaint'],
  ['投诉一下 三号楼的保安睡岗', 'complaint', '服务态度'],
  // —— questions for the desk (咨询) ——
  ['请问物业费怎么交', 'inquiry', '收费'],
  ['请问明天小区停水吗', 'inquiry', '水电'],
  ['下周会停电吗？', 'inquiry', '水电'],
  ['物业办公室几点上班', 'inquiry'],
  ['装修需要办什么手续', 'inquiry'],
  ['你好，在吗？我想咨询个事', 'inquiry'],
  ['我家钥匙丢了，能帮忙开一下门吗', 'inquiry'],
  // —— courtesy stays none ——
  ['您好', 'none'],
  ['在吗', 'none'],
  ['好的，谢谢师傅！', 'none'],
  ['收到👍', 'none'],
  ['🙏🙏', 'none'],
  ['已经修好了，谢谢', 'none'],
];
