// The rules of resident.ts that read a whole message rather than one word: who is blamed, whether the desk is
// asked for something (a procedure, a permission, the progress of an earlier report, a favour), and whether a sound
// or a smell comes from a thing (a repair) rather than from people (a complaint).
import type { Hit } from './lexicon.js';

/**
 * A grievance that blames someone or the service (staff unreachable, a promise not kept, a refusal, no notice,
 * slowness and repeats, money, damage done by others, a repair that did not hold): it outranks any fault word in
 * the message (楼道灯坏了跟你们说了多少遍了也没人管 is a complaint, not a repair).
 */
export const blames = (h: Hit): boolean =>
  h.entry.kind === 'complaint' && h.entry.act && (h.entry.weight >= 10 || h.entry.category === '服务态度' || h.entry.category === '维修质量');

/** A real question, not a statement with 想 or 可以 in it. */
const QUESTION = /[?？]|吗|么|呢|怎么|如何|怎样|哪|谁|多少|几|什么|啥|能不能|可不可以|是不是|有没有|要不要|需不需要|用不用|是否|能否|还是/;
/** The paperwork of living there: cards, accounts, funds, fees, registrations, the door app. */
const ADMIN = /补办|办理|开户|开通|过户|充值|续费|缴费|交费|登记|报备|备案|申请|余额|查询|怎么查|哪里查|在哪查|收费标准|流程|手续|材料|添加|绑定|授权|注册|激活|录入|录指纹|人脸|开发票|开票|小程序|app/i;
/** May I (放烟花, 养狗, 装防盗网)? The verb's object is the only grievance word allowed: 可以放鞭炮吗 asks, it reports nothing. */
const PERMISSION = /(?:可以|可不可以|能不能|能否|(?<!不)能|允许|让不让|准不准|是否可以|是否允许)[^，。！？?\s]{0,6}?(?:放|养|装|安装|停|搭|种|烧|遛|动|改|拆|封|晒|摆|租|进|带|办|加)/;
/** How far an earlier report has got (without a number): 进度怎么样, 报的漏水什么时候来, 有结果了吗, 修好了没. */
const PROGRESS =
  /进度|进展|(?:修|弄|处理|解决|办|安排|换|派人|来人|退|批)好?了(?:没有?|吗)|(?:处理|修|弄|办|安排)(?:得|到)(?:怎么样|咋样|如何|哪)|有(?:结果|消息|回复|回音|答复|进展)了?(?:吗|没)|(?:修|弄|处理|解决|办|安排)好了?(?:吗|没有?)|(?:报|报修|反映|提交|登记)的[^，。]{0,10}?(?:怎么样|咋样|什么时候|啥时候|几时|多久)/;
/** An earlier report asked about (我前天报修的水管今天能来吗). */
const EARLIER = /(?:报|报修|反映|提交|登记|报过|说过)(?:的|过的|了的)/;
/** A favour: 帮我收一下快递, 代收, 钥匙放前台. */
const FAVOUR = /帮(?:我|我们|忙)?(?:代|签)?收(?!拾)|代收|代签|帮我?(?:拿|取|寄存|保管|转交|转告)|(?:快递|包裹|钥匙|外卖)[^，。]{0,6}?(?:放|寄存|存)(?:在|到)?(?:前台|物业|门岗|保安)/;

/** The message asks the desk for something rather than reporting: an inquiry, whatever facility words it names. */
export function asksTheDesk(text: string, hits: Hit[]): boolean {
  if (FAVOUR.test(text) || PROGRESS.test(text)) return true;
  if (!QUESTION.test(text)) return false;
  const currentFault = hits.some((h) => h.entry.act && h.entry.kind === 'repair' && /^[了过着]/.test(text.slice(h.index + h.entry.word.length)));
  if (EARLIER.test(text) && !currentFault) return true;
  if (ADMIN.test(text) && !currentFault && !hits.some((h) => h.entry.act && h.entry.kind === 'complaint')) return true;
  const m = PERMISSION.exec(text);
  return !!m && hits.every((h) => !h.entry.act || (h.index >= m.index && h.index <= m.index + m[0].length + 1));
}

/** Words that only say there is a sound (咚咚, 一直叫, 半夜, 噪音), or a smell (臭, 异味, 一股…味). */
const SOUND = /^(?:(.)\1|一直叫|叫个不停|狂叫|乱叫|叫唤|刺耳|声音|声音大|声音太大|大声|半夜|深夜|凌晨|噪音|噪声|震得|在震|直震|震耳)$/;
const SMELL = /臭|味|霉/;
/** Who makes a noise when it is not a thing: people, animals, businesses. */
const PEOPLE = /楼上|楼下|隔壁|邻居|对门|对面|有人|人家|别人|住户|业主|小孩|孩子|装修|施工|工地|工人|店|饭店|饭馆|餐馆|餐厅|商铺|超市|广场舞|ktv|酒吧|歌厅|学校|狗|猫|鸟|鸡/i;
/** 我家空调外机, 家里的管子: the thing is the resident's own, unless people are named in the same clause. */
const OWN = /(?:我家|家里|我们家|屋里|自家|家中|我的)[^，。！？\s]{0,4}$/;
function own(text: string, h: Hit): boolean {
  const clause = text.slice(0, h.index).split(/[，。！？,.!?\s]/).pop()!;
  return OWN.test(clause) && !PEOPLE.test(clause);
}
/** A smell that comes out of a drain or a device (地漏往上冒臭味, 下水口一股臭味, 新风吹出来的风有怪味). */
const SMELL_SOURCE =
  /(?:地漏|下水口|下水道|下水管|排水口|马桶|管道|水管|水池|水槽|洗手池|洗菜池|面盆|池子|热水器|插座|开关|电线|电箱|配电箱|电表箱|空调|新风|出风口|暖气|燃气灶|油烟机|烟道|排气扇)[^，。！？]{0,10}?(?:(?:冒|返|反|泛|往上|往外|出来|吹出|传出|散发|飘出|一股|发出|有)[^，。！？]{0,4}?(?:臭|味|焦)|(?:臭|味)[^，。！？]{0,3}?(?:冒|返|往上|上来|出来|飘出|传出))/;

/**
 * A sound or a smell of a thing is a symptom of that thing (水管半夜咣咣响, 报警器一直嘀嘀叫, 地漏往上冒臭味): its
 * noise and smell words are read as a fault. A thing is a repair object of the lexicon; people, animals and
 * businesses make noise (楼上天天咚咚咚) unless the thing is named as the resident's own (我家管道就哗啦响).
 */
export function ofAThing(text: string, hits: Hit[]): Hit[] {
  const grievances = hits.filter((h) => h.entry.kind === 'complaint' && h.entry.act);
  if (!grievances.length) return hits;
  const things = hits.filter((h) => h.entry.kind === 'repair' && !h.entry.act && h.entry.weight >= 2 && h.entry.category !== '绿化');
  const sounding = things.length > 0 && (things.some((h) => own(text, h)) || !PEOPLE.test(text)) && grievances.every((h) => SOUND.test(h.entry.word));
  const smelling = SMELL_SOURCE.test(text) && grievances.every((h) => SMELL.test(h.entry.word));
  if (!sounding && !smelling) return hits;
  const isSymptom = (h: Hit) => h.entry.kind === 'complaint' && (sounding ? SOUND : SMELL).test(h.entry.word);
  return hits.map((h) => (isSymptom(h) ? { ...h, entry: { ...h.entry, kind: 'repair', category: null, weight: 2, act: true } } : h));
}
