// English questions, offline: there is no translation model here, so English
// domain terms are mapped to the Chinese words the corpus uses, and retrieval
// and sentence scoring run on those. Questions outside this vocabulary find
// nothing and are refused in English; with an LLM configured, the model reads
// the English question itself.
import { PROVINCES_IN_ENGLISH } from "./question.js";

// Longer phrases first, so "party building" wins over "party".
const TERMS: Array<[string, string]> = [
  ["industrial chain party building", "产业链党建"],
  ["party building alliance", "党建联盟"],
  ["industrial chain", "产业链"],
  ["party building", "党建"],
  ["party branch", "党支部"],
  ["party member", "党员"],
  ["party organization", "党组织"],
  ["party organisation", "党组织"],
  ["new energy vehicle", "新能源汽车"],
  ["express delivery", "快递"],
  ["data center", "数据中心"],
  ["alliance", "联盟"],
  ["enterprise", "企业"],
  ["company", "企业"],
  ["industry", "工业"],
  ["industries", "工业"],
  ["investment", "投资"],
  ["growth", "增长"],
  ["grow", "增长"],
  ["village", "村"],
  ["county", "县"],
  ["province", "省"],
  ["rural revitalization", "乡村振兴"],
  ["hydrogen", "氢能"],
  ["project", "项目"],
  ["service", "服务"],
];

/** Chinese terms for the English words of a question, space-separated ("" when none are known). */
export function chineseTermsFor(question: string): string {
  let text = ` ${question.toLowerCase().replace(/[^a-z\s]/g, " ").replace(/\s+/g, " ")} `;
  const terms: string[] = [];
  for (const [english, chinese] of [...TERMS, ...Object.entries(PROVINCES_IN_ENGLISH)]) {
    const pattern = new RegExp(` ${english}(?:s|es)? `, "g");
    if (pattern.test(text)) {
      terms.push(chinese);
      text = text.replace(pattern, " ");
    }
  }
  if (/\bhow (many|much)\b/.test(question.toLowerCase())) terms.push("多少");
  return terms.join(" ");
}
