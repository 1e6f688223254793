// `npm run ask -- [--json] [--mode llm|extractive] "问题"`: one question from the terminal.
import { parseArgs } from "node:util";
import { openAssistant } from "../assistant.js";
import { parseMode, runCli } from "./support.js";
import { loadConfig } from "../config.js";

const USAGE = 'Usage: npm run ask -- [--json] [--mode llm|extractive] "问题"';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: "boolean" }, mode: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const question = positionals.join(" ").trim();
  if (values.help || question === "") {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const assistant = await openAssistant(loadConfig(), { mode: parseMode(values.mode, USAGE) });
  const result = await assistant.answerer.answer({ question });
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  if (result.rewritten) console.log(`（理解为：${result.rewritten}）`);
  console.log(result.answer);
  if (result.notice) console.log(`\n注意：${result.notice}`);
  const sources = result.citations.length > 0 ? result.citations : (result.related ?? []);
  if (sources.length > 0) console.log(result.citations.length > 0 ? "\n来源：" : "\n相关内容（不构成答案）：");
  for (const citation of sources) {
    console.log(
      `[${citation.n}] 《${citation.title}》${citation.author ? ` ${citation.author}` : ""}（${citation.sourceName ?? citation.source}，${citation.start}–${citation.end}）\n    “${citation.quote}”`,
    );
  }
  return 0;
}

runCli("ask", main);
