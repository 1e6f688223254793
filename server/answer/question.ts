// What a question asks for: its type (a count, a date, a name…), its language,
// and the places, organisations and people it names. The type steers which
// sentences the extractive answerer prefers; the named entities guard against
// answering a question about 浙江 with a figure about 江苏.
import type { Segmenter } from "../../ingest/segment.js";

export type QuestionType = "quantity" | "date" | "person" | "list" | "definition" | "reason" | "method" | "general";

export interface QuestionAnalysis {
  type: QuestionType;
  language: "zh" | "en";
  /** Places, organisations and people the answer's source must mention. */
  entities: string[];
}

const TYPE_PATTERNS: Array<[QuestionType, RegExp]> = [
  ["date", /哪一年|哪年|何时|什么时候|哪一天|几月|几号|何年|\bwhen\b|\bwhat year\b/i],
  ["quantity", /多少|几[个家名项次条支年万亿]?|多大|多久|多长|多高|多远|比例|百分之|\bhow (many|much|long)\b/i],
  ["person", /谁|哪位|哪个人|什么人|\bwho\b/i],
  ["list", /哪些|哪几|有什么(举措|做法|措施)|\bwhich\b|\bwhat are\b/i],
  ["definition", /什么是|是什么|指什么|何为|含义|\bwhat is\b|\bwhat does\b/i],
  ["reason", /为什么|为何|原因|\bwhy\b/i],
  ["method", /如何|怎样|怎么|通过什么|采取了?什么|做法|举措|\bhow\b/i],
];

/** The 34 provincial-level divisions, by the short names people type. */
export const PROVINCES = [
  "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
  "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古",
  "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
];
const PROVINCE_PATTERN = new RegExp(PROVINCES.join("|"), "g");
export const PROVINCES_IN_ENGLISH: Record<string, string> = {
  beijing: "北京", tianjin: "天津", shanghai: "上海", chongqing: "重庆", hebei: "河北", shanxi: "山西", liaoning: "辽宁",
  jilin: "吉林", heilongjiang: "黑龙江", jiangsu: "江苏", zhejiang: "浙江", anhui: "安徽", fujian: "福建", jiangxi: "江西",
  shandong: "山东", henan: "河南", hubei: "湖北", hunan: "湖南", guangdong: "广东", hainan: "海南", sichuan: "四川",
  guizhou: "贵州", yunnan: "云南", shaanxi: "陕西", gansu: "甘肃", qinghai: "青海", taiwan: "台湾", "inner mongolia": "内蒙古",
  guangxi: "广西", tibet: "西藏", ningxia: "宁夏", xinjiang: "新疆", "hong kong": "香港", macau: "澳门",
};
// Provincial departments and bureaus: 省教育厅, 省工信厅, 省大数据局.
const DEPARTMENT = /省[\u4e00-\u9fff]{2,5}?(?:厅|局)/g;
// Generic place and organisation words: naming no particular one, they guard nothing.
const GENERIC = new Set(
  ("全省 全国 全市 全县 我省 本省 各地 地方 基层 中国 国家 省 市 县 党 党委 党组 党组织 党支部 基层党组织 政府 " +
    "组织部 工委 公安局 派出所 企业 公司 社区 园区 景区 辖区 地区 山区 城区 片区 新区 市区 县城 城市 农村 乡村 " +
    "城乡 省市 市县 市州 县域 省直 省委 市委 县委 机关 部门 单位 党中央 中央").split(" "),
);

/** Text past this is not analysed: a question holds 1,000 characters, and nothing may make analysis slow. */
const MAX_ANALYSED_CHARS = 4000;
const capped = (text: string) => (text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text);

export function analyzeQuestion(input: string, segmenter: Segmenter): QuestionAnalysis {
  const question = capped(input);
  const type = TYPE_PATTERNS.find(([, pattern]) => pattern.test(question))?.[0] ?? "general";
  const latinLetters = (question.match(/[A-Za-z]/g) ?? []).length;
  const hanCharacters = (question.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const language = latinLetters > hanCharacters * 2 ? "en" : "zh";
  return { type, language, entities: findEntities(question, segmenter) };
}

/** Named places, organisations and people in a text, without nested duplicates. */
export function findEntities(input: string, segmenter: Segmenter): string[] {
  const text = capped(input);
  const found = new Set<string>();
  for (const match of text.matchAll(PROVINCE_PATTERN)) found.add(match[0]);
  const lower = text.toLowerCase();
  for (const [english, chinese] of Object.entries(PROVINCES_IN_ENGLISH)) {
    if (new RegExp(`\\b${english}\\b`).test(lower)) found.add(chinese);
  }
  // Named departments ("省教育厅") even when jieba splits them.
  for (const match of text.matchAll(DEPARTMENT)) found.add(stripProvincePrefix(match[0]));
  for (const { word, tag } of segmenter.tag(text)) {
    if (tag === "ns" || tag === "nt" || tag === "nr" || tag === "nrt") found.add(stripProvincePrefix(word));
  }
  const entities = [...found].filter((entity) => entity.length >= 2 && !GENERIC.has(entity));
  // 贵安新区 covers 新区; a province stays, since "贵州" also guards on its own.
  return entities.filter((entity) => PROVINCES.includes(entity) || !entities.some((other) => other !== entity && other.includes(entity)));
}

/** "贵州省工信厅" names the province and the department: guard on each separately. */
function stripProvincePrefix(name: string): string {
  const province = PROVINCES.find((candidate) => name.startsWith(candidate) && name.length > candidate.length + 1);
  if (!province) return name.replace(/省$/, "");
  return name.slice(province.length).replace(/^省/, "省");
}

/** Provinces named in a text (short names). */
export function provincesIn(text: string): Set<string> {
  return new Set(text.match(PROVINCE_PATTERN) ?? []);
}
