// Prompts are files: `prompts/<name>.txt`, plain UTF-8 text. A template is a
// system message, a line `---USER---`, then the user message. Placeholders are
// `{{name}}`; every one must get a value, and values are inserted literally (a
// passage that happens to contain `{{question}}` stays as it is).
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../config.js";
import type { Passage } from "./passage.js";
import type { ChatTurn } from "./types.js";

export const USER_SEPARATOR = "---USER---";
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const PROMPTS_DIR = path.join(PROJECT_ROOT, "prompts");

export class PromptError extends Error {
  override name = "PromptError";
}

const cache = new Map<string, string>();

/** The text of `prompts/<name>.txt`, read once per process. */
export function loadPrompt(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    throw new PromptError(`Invalid prompt name ${JSON.stringify(name)}: use lowercase letters, digits and "-".`);
  const file = path.join(PROMPTS_DIR, `${name}.txt`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new PromptError(`Prompt file prompts/${name}.txt could not be read (${file}): ${(error as Error).message}`, {
      cause: error,
    });
  }
  cache.set(name, text);
  return text;
}

/** Replace every `{{name}}` with `vars[name]`, in one pass so values are never expanded again. */
export function renderPrompt(template: string, vars: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_placeholder, name: string) => {
    const value = vars[name];
    if (value === undefined)
      throw new PromptError(
        `Prompt placeholder {{${name}}} has no value (given: ${Object.keys(vars).join(", ") || "none"}).`,
      );
    return value;
  });
}

/** Split a template at its `---USER---` line and render both parts. */
export function renderChatPrompt(template: string, vars: Record<string, string>): { system: string; user: string } {
  const lines = template.split(/\r?\n/);
  const separator = lines.findIndex((line) => line.trim() === USER_SEPARATOR);
  if (separator < 0)
    throw new PromptError(`Prompt template has no "${USER_SEPARATOR}" line between the system and the user message.`);
  return {
    system: renderPrompt(lines.slice(0, separator).join("\n"), vars).trim(),
    user: renderPrompt(lines.slice(separator + 1).join("\n"), vars).trim(),
  };
}

/** Numbered passages as the model sees them: `[n] 《title》（source）` then the text, blank line between. */
export function formatPassages(passages: Passage[]): string {
  return passages
    .map(
      (passage) => `[${passage.n}] 《${passage.article.title}》（${passage.article.source}）\n${passage.text.trim()}`,
    )
    .join("\n\n");
}

/** Recent turns for the rewrite prompt, oldest first; long answers are cut, the question is what matters. */
export function formatHistory(history: ChatTurn[], maxTurns = 6, maxChars = 300): string {
  const recent = history.slice(-maxTurns);
  if (recent.length === 0) return "（无）";
  return recent
    .map((turn) => {
      const content = turn.content.trim().replace(/\s+/g, " ");
      const clipped = content.length > maxChars ? `${content.slice(0, maxChars)}…` : content;
      return `${turn.role === "user" ? "用户" : "助手"}：${clipped}`;
    })
    .join("\n");
}
