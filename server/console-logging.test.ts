// Library output (console, process warnings, the openai SDK's logger) becomes
// JSON log lines in the running server.
import { ChatOpenAI } from "@langchain/openai";
import { afterEach, describe, expect, it } from "vitest";
import { routeConsoleTo } from "./console-logging.js";
import { createLogger } from "./logger.js";
import { startFakeOpenAI } from "./test-support/fake-openai.js";

const lines: string[] = [];
let restore: (() => void) | undefined;

afterEach(() => {
  restore?.();
  restore = undefined;
  lines.length = 0;
});

describe("routeConsoleTo", () => {
  it("turns console calls and process warnings into JSON log lines", async () => {
    restore = routeConsoleTo(createLogger((line) => lines.push(line)));
    console.warn("[WARN]: %s is deprecated", "thing");
    console.log({ plain: true });
    process.emitWarning("an old API", "DeprecationWarning", "DEP0999");
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toEqual([
      expect.objectContaining({ level: "warn", event: "console", message: "[WARN]: thing is deprecated" }),
      expect.objectContaining({ level: "info", event: "console", message: "{ plain: true }" }),
      expect.objectContaining({
        level: "warn",
        event: "process_warning",
        name: "DeprecationWarning",
        code: "DEP0999",
        message: "an old API",
      }),
    ]);
  });

  it("catches what the openai SDK under ChatOpenAI logs", async () => {
    const fake = await startFakeOpenAI();
    fake.script({ kind: "reply", text: "好。" });
    restore = routeConsoleTo(createLogger((line) => lines.push(line)));
    // The SDK warns through its default logger (the console) about an unusable log level.
    const model = new ChatOpenAI({
      apiKey: "k",
      model: "fake",
      maxRetries: 0,
      configuration: { baseURL: fake.url, logLevel: "nonsense" as never },
    });
    await model.invoke("你好");
    await fake.close();
    expect(lines.some((line) => line.includes("logLevel"))).toBe(true);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ event: "console" });
  });

  it("puts the console back", () => {
    const before = console.warn;
    routeConsoleTo(createLogger(() => undefined))();
    expect(console.warn).toBe(before);
  });
});
