// Courtesy: a message made only of greetings, thanks, acknowledgements, wishes, waiting, addressees and particles
// (emoji and punctuation aside) asks nothing of the desk: 已收到，谢谢！/ 谢谢王管家 / 辛苦物业的各位了 / 好的 我等着 /
// 中秋快乐 辛苦了. It is read as a composition of such parts, not as a list of whole messages, so any order and any
// addressee count. A part typed by pinyin with the wrong characters (写写, 新苦, 手到) counts as the part it sounds like.
import { pinyin } from 'pinyin-pro';

/** 王师傅, 小李, 老张: an addressee by surname. Common surnames only, so no other word reads as a name. */
const SURNAME = '[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤]';
const TITLE = '(?:师傅|师父|管家|经理|主任|大哥|大姐|阿姨|叔叔|叔|姐|哥|工|总|老师|主管|队长|班长)';

const GREETING = '你们好|您好|你好|大家好|各位好|在吗|在不在|有人吗|有人在吗|早上好|上午好|中午好|下午好|晚上好|早安|午安|晚安|早|喂|hello|hi|hey|哈喽|嗨|再见|拜拜|bye|(?:明天|回头|下次|改天|晚点|晚上|周一)见';
const THANKS = '谢谢|多谢|感谢|感激|感恩|谢了|谢啦|谢|thx|thanks|thankyou|thank|tks|3q|辛苦|辛劳|劳驾|有劳|费心|操心|麻烦|打扰|不好意思|抱歉|不客气|没关系|' +
  // what they are thanked for: the trip, the help, the speed (辛苦师傅跑一趟, 帮大忙了, 这么快就弄好了)
  '跑一趟|跑了一趟|白跑|帮大忙|帮忙|大忙|帮助|关心|告知|提醒|照顾|支持|理解|配合|付出|通知|服务|这么快|很快|真快|好快|及时|给力|点赞|赞|棒|厉害|专业|耐心|热心|效率真高|效率高|' +
  // praise of the people (师傅人很好, 技术真好) and patience (不急的)
  '(?:人|技术|手艺|服务|态度|效率)(?:真|很|非常|特别|挺|超|也太)?(?:好|棒|赞|高|不错)|不错|好人|不急|不着急|不用急|慢慢来';
const ACK = '已收到|收到|已阅|已读|已看|好的|好滴|好嘞|好哒|好吧|好哦|好呀|好|行|可以|嗯|哦|噢|喔|ok|okay|okk|知道|明白|了解|清楚|晓得|懂|没问题|问题|没事|不用|解决|修好|弄好|搞好|搞定|处理好|正常|已经|已|刚才|刚刚|自己|对|是的|是|没错';
const WAIT = '等(?:着|一下|会儿|您|你们|你|大家)?(?:的)?(?:师傅|管家|物业|消息|通知|电话|回复|回电|联系|结果)?(?:的)?(?:过来|来|上门|电话|消息|回复)?|在家|今天|明天|后天|上午|下午|晚上|中午|早上|随时|一会儿?|等会儿?';
/** 新年快乐, 中秋快乐, 端午安康, 国庆节快乐, 万事如意, 给大家拜年了. */
const WISH =
  '(?:新年|新春|春节|元旦|中秋|国庆|端午|元宵|圣诞|节日|周末|假期|五一|十一|六一|三八|七夕|重阳|冬至|小年|除夕|清明|平安夜|腊八|劳动|妇女|儿童|教师|母亲|父亲|情人|青年|建军|护士|感恩)节?(?:快乐|安康|愉快|吉祥|大吉|好)|' +
  '万事如意|身体健康|阖家幸福|合家幸福|阖家欢乐|合家欢乐|阖家安康|工作顺利|心想事成|恭喜发财|大吉大利|吉祥如意|一切顺利|生活愉快|平安喜乐|幸福安康|岁岁平安|' +
  '步步高升|财源广进|新年好|过年好|拜年|拜个年|快乐|健康|顺利|平安|幸福|如意|安康|吉祥|好运|祝福|恭喜|祝';
const ADDRESSEE =
  `${SURNAME}${TITLE}|[小老]${SURNAME}|师傅|师父|管家|物业|客服|保安|保洁|经理|主任|前台|大哥|大姐|阿姨|叔叔|小哥哥|小哥|小姐姐|姐姐|哥哥|美女|帅哥|亲爱的|亲|老师|领导|工作人员|员工|同事|小伙伴|伙伴|兄弟|各位|大家|全体|所有|` +
  '你们|您们|咱们|我们|你|您|我|人员|的人|值班|这边|那边';
const FILLER = '的|了|啦|哈|呀|啊|呢|嘛|吧|咯|哒|滴|嘞|哇|耶|嘿|嘻|呵|们|和|跟|也|都|就|那|这|又|还|真的|真|太|非常|十分|特别|万分|超级|实在|很|多|一直|好好|下|哦';

const PART = [GREETING, THANKS, WISH, WAIT, ACK, ADDRESSEE, FILLER].join('|');
const COURTESY = new RegExp(`^(?:${PART})+$`, 'iu');
const DECORATION = /[\s，。！？、；：,.!?;:~～…·'"“”‘’()（）【】\-—_]|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D/gu;

/** The words a pinyin slip most often hits (写写 for 谢谢): a part that sounds like one of these counts as it. */
const SOUNDED = ['谢谢', '辛苦', '收到', '感谢', '麻烦', '明白', '知道', '快乐', '好的', '多谢', '了解', '客气'];
const readings = new Map<string, readonly string[]>();
function readingsOf(c: string): readonly string[] {
  let r = readings.get(c);
  if (!r) readings.set(c, (r = pinyin(c, { toneType: 'none', type: 'array', multiple: true })));
  return r;
}
const sameSound = (a: string, b: string) => [...a].every((c, i) => c === b[i] || readingsOf(c).some((r) => readingsOf(b[i]!).includes(r)));

/** The text with every two-letter stretch that sounds like a word of SOUNDED written as that word. */
let FIRSTS: Set<string> | undefined;
function bySound(text: string): string {
  FIRSTS ??= new Set(SOUNDED.flatMap((w) => readingsOf(w[0]!)));
  let out = '';
  for (let i = 0; i < text.length; ) {
    const pair = text.slice(i, i + 2);
    const word =
      /^\p{Script=Han}{2}$/u.test(pair) && readingsOf(pair[0]!).some((r) => FIRSTS!.has(r)) ? SOUNDED.find((w) => sameSound(pair, w)) : undefined;
    out += word ?? text[i];
    i += word ? 2 : 1;
  }
  return out;
}

/** Every letter any part can be made of: a message with another letter is no courtesy (checked before the regex). */
const LETTERS = new Set((PART + SURNAME).toLowerCase().replace(/\\p\{[^}]*\}|[\\[\](){}?:|*+^$\\]/gu, ''));
/** 月饼收到了, 快递已收到: what was received is acknowledged with it (not 没收到, 还没收到). */
const received = (text: string) =>
  text.replace(/(?<=^|[\s，。！？、,.!?~])\p{Script=Han}{1,4}(?=(?:已经?)?收到)/gu, (m) => (/[没未不还吗]/.test(m) ? m : ''));
const composed = (bare: string) => [...bare.toLowerCase()].every((c) => LETTERS.has(c)) && COURTESY.test(bare);

export function isCourtesy(text: string): boolean {
  const bare = received(text.trim()).replace(DECORATION, '');
  if (bare === '') return true;
  if (bare.length > 40) return false;
  return composed(bare) || (bare.length <= 24 && composed(bySound(bare)));
}
