// A small question file of our own (dev split, not eval questions) for the
// eval-run upload tests, in the JSONL format of eval/questions.jsonl.
export const UPLOAD_QUESTIONS = [
  {
    id: "up-1",
    split: "dev",
    category: "number",
    question: "江苏省累计建立了多少个产业链党建联盟？",
    answer: { all: ["901个"] },
    refuse: false,
    docId: "003_518b5102fb447ec0-a01",
    quote: "江苏省累计建立产业链党建联盟(党委)901个",
  },
  {
    id: "up-2",
    split: "dev",
    category: "number",
    question: "贵安新区园区非公企业党组织有多少个？",
    answer: { all: ["56个"] },
    refuse: false,
    docId: "001_03a8d35b681066be-a01",
    quote: "聚焦发挥好56个非公企业党组织、400余名党员红色力量",
  },
  {
    id: "up-3",
    split: "dev",
    category: "out-of-corpus",
    question: "贵安新区的年降水量是多少毫米？",
    answer: { all: [] },
    refuse: true,
  },
];

export const UPLOAD_FILE = `${UPLOAD_QUESTIONS.map((question) => JSON.stringify(question)).join("\n")}\n`;

/** Line 2 is cut off, line 3 has no category: both reported by line number. */
export const MALFORMED_UPLOAD = [
  JSON.stringify(UPLOAD_QUESTIONS[0]),
  '{"id": "up-2", "split": "dev",',
  JSON.stringify({ ...UPLOAD_QUESTIONS[2], category: undefined }),
].join("\n");
