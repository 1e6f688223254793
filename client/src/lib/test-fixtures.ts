// Real values from the seed corpus (seeds/003…, seeds/002…), shared by the unit tests.
import type { AnswerDonePayload, Citation } from "../../../server/protocol.js";

export const JIANGSU_CITATION: Citation = {
  n: 1,
  docId: "003_518b5102fb447ec0-a01",
  source: "seeds/003_518b5102fb447ec0.txt",
  title: "党建聚合力 发展增动能",
  author: "沈童睿",
  quote: "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。",
  start: 1414,
  end: 1468,
};

export const GUIZHOU_CITATION: Citation = {
  n: 1,
  docId: "002_54d2f36e2aadab4b-a06",
  source: "seeds/002_54d2f36e2aadab4b.txt",
  title: "赋能现代化 产业体系建设",
  quote: "省工信厅推动建立42个产业链党建联盟，促进重点项目落地。",
  start: 171,
  end: 199,
};

export const JIANGSU_ANSWER = "江苏省累计建立产业链党建联盟(党委)901个[1]。";

export function donePayload(id: string, overrides: Partial<AnswerDonePayload> = {}): AnswerDonePayload {
  return {
    id,
    answerId: `answer-of-${id}`,
    answer: JIANGSU_ANSWER,
    refused: false,
    coverage: "answered",
    citations: [JIANGSU_CITATION],
    mode: "extractive",
    timings: { rewriteMs: 0.1, retrieveMs: 2.8, answerMs: 4.6, totalMs: 7.4 },
    ...overrides,
  };
}
