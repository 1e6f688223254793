// `npm run brief -- [--json] [--out FILE] [--province 江苏] [--doc ID] [--mode llm|extractive] "主题"`:
// a cited briefing on a topic, as Markdown (or the JSON of POST /api/briefings).
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { openAssistant } from "../assistant.js";
import { briefingToMarkdown } from "../markdown/briefing.js";
import { parseBriefingRequest } from "../briefing/request.js";
import { parseMode, runCli } from "./support.js";
import { loadConfig } from "../config.js";

const USAGE =
  'Usage: npm run brief -- [--json] [--out FILE] [--province 江苏] [--doc DOC_ID] [--mode llm|extractive] "主题"';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      out: { type: "string" },
      province: { type: "string" },
      doc: { type: "string" },
      mode: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const topic = positionals.join(" ").trim();
  if (values.help || topic === "") {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const scope = {
    ...(values.province ? { province: values.province } : {}),
    ...(values.doc ? { docId: values.doc } : {}),
  };
  const request = parseBriefingRequest({ topic, ...(Object.keys(scope).length > 0 ? { scope } : {}) });
  const assistant = await openAssistant(loadConfig(), { mode: parseMode(values.mode, USAGE) });
  const result = await assistant.briefer.build(request);
  if (result.refused && !values.json) {
    console.error(result.message);
    return 1;
  }
  const output = values.json
    ? `${JSON.stringify(result, null, 2)}\n`
    : briefingToMarkdown(result as Exclude<typeof result, { refused: true }>, { generatedAt: new Date() });
  if (values.out) {
    await writeFile(values.out, output, "utf8");
    console.error(`已写入 ${values.out}`);
  } else {
    process.stdout.write(output);
  }
  return 0;
}

runCli("brief", main);
