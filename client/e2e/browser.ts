// Headless Chromium for the browser tests: Debian's package (or CHROMIUM_PATH)
// driven by playwright-core, in a fresh profile that is removed afterwards.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Whether the browser tests can run. Locally a missing browser skips them with the reason;
 * in CI (CI=true) it is a failure, so the browser tier cannot vanish from a green run.
 */
export function chromiumAvailable(suite: string): boolean {
  const found = existsSync(CHROMIUM_PATH);
  if (found) return true;
  const reason = `no Chromium at ${CHROMIUM_PATH} (install Debian's "chromium" package or set CHROMIUM_PATH)`;
  if (process.env.CI === "true") throw new Error(`[${suite}] cannot run in CI: ${reason}.`);
  console.warn(`[${suite}] skipped: ${reason}.`);
  return false;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Messages of any alert/confirm/prompt the page opened (each is dismissed). */
  dialogs: string[];
  /** Uncaught errors in the page. */
  pageErrors: string[];
  close: () => Promise<void>;
}

export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const profileDir = await mkdtemp(path.join(os.tmpdir(), "chat-e2e-profile-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    locale: "zh-CN",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return {
    context,
    page,
    dialogs,
    pageErrors,
    close: async () => {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
