// Page object for the 简报 mode: user actions and what a user sees, through
// data-testid hooks.
import type { Download, Locator, Page } from "playwright-core";

const BRIEFING_TIMEOUT_MS = 20_000;

export class BriefingPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId("mode-briefing").click();
    await this.page.getByTestId("briefing-topic").waitFor();
  }

  /** Enter a topic, submit, and wait until the briefing is finished (exports enabled). */
  async brief(topic: string): Promise<void> {
    await this.page.getByTestId("briefing-topic").fill(topic);
    await this.page.getByTestId("briefing-submit").click();
    await this.page.locator('[data-testid="briefing"][aria-busy="false"]').waitFor({ timeout: BRIEFING_TIMEOUT_MS });
  }

  points(): Locator {
    return this.page.getByTestId("briefing-point");
  }

  figures(): Locator {
    return this.page.getByTestId("briefing-figure");
  }

  title(): Locator {
    return this.page.getByTestId("briefing-title");
  }

  chip(n: number): Locator {
    return this.page.getByTestId("briefing").locator(`[data-testid="citation-chip"][data-n="${n}"]`).first();
  }

  /** Click an export button and return the file the browser downloaded. */
  async download(testId: "briefing-export-docx" | "briefing-export-md"): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.page.getByTestId(testId).click()]);
    return download;
  }
}
