// Recognising by-lines ("本报记者 沈童睿", "张建 秦声", "李舟") on a newspaper page.
// A by-line is a short line of person names, optionally with a reporter role.
// Names are told apart from short headings ("短评", "六盘水市") by a common
// surname and by jieba: a token that jieba knows as one word of another kind
// (江苏省/ns, 方向/n) is not a name.
import { tagWords } from "./segment.js";
import { itemAt } from "./indexed.js";

// The ~200 most common Chinese surnames cover practically every by-line.
const SURNAMES = new Set(
  (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任" +
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔" +
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌" +
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦" +
    "麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘" +
    "池查麻苑迟邝"
  ).split(""),
);

/** Reporter roles that precede names: 本报记者, 贵州日报天眼新闻记者, 通讯员… */
const ROLE = /^(?:[\u4e00-\u9fa5]{0,12}记者|通讯员|特约撰稿人|实习生)$/;
const NAME = /^[\u4e00-\u9fa5]{2,3}$/;

export function looksLikePersonName(token: string): boolean {
  if (!NAME.test(token) || !SURNAMES.has(itemAt(token, 0))) return false;
  const tagged = tagWords(token);
  // One dictionary word that is not a person name (nr*) is a common word.
  if (tagged.length === 1 && !itemAt(tagged, 0).tag.startsWith("nr")) return false;
  return true;
}

/** Person names on a by-line, or null when the line is not a by-line. */
export function parseByline(line: string): string[] | null {
  const text = line.trim();
  if (text.length === 0 || text.length > 30 || /[\p{P}\d]/u.test(text)) return null;
  const names: string[] = [];
  for (const token of text.split(/\s+/)) {
    if (ROLE.test(token)) continue;
    // "本报记者沈童睿": a role glued to the name.
    const glued = /^([\u4e00-\u9fa5]*记者)([\u4e00-\u9fa5]{2,3})$/.exec(token);
    const candidate = glued ? itemAt(glued, 2) : token;
    if (!looksLikePersonName(candidate)) return null;
    names.push(candidate);
  }
  return names.length > 0 ? names : null;
}

/** Names inside a news-flash dateline: 本报讯（辛露 记者 张齐） → ["辛露", "张齐"]. */
export function parseDatelineAuthors(paragraph: string): string[] {
  const match = /^本报讯[（(]([^）)]{2,30})[）)]/.exec(paragraph);
  if (!match) return [];
  return itemAt(match, 1)
    .split(/\s+/)
    .map((token) => token.replace(/^[\u4e00-\u9fa5]*记者/, ""))
    .filter(looksLikePersonName);
}
