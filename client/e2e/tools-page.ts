// Page object for the user tools: feedback, regenerate, edit and resend, scope
// chips, follow-ups, saved briefings and the 评测 mode, through data-testid hooks.
import type { Download, Locator, Page } from "playwright-core";

const TIMEOUT_MS = 20_000;

export class ToolsPage {
  constructor(readonly page: Page) {}

  /** 👎 on a turn's answer with a reason (and a comment), submitted; waits until the stored feedback shows. */
  async downvote(turn: Locator, reason: string, comment?: string): Promise<void> {
    await turn.getByTestId("feedback-down").click();
    const form = turn.getByTestId("feedback-form");
    await form.getByText(reason, { exact: true }).click();
    if (comment) await form.getByTestId("feedback-comment").fill(comment);
    await form.getByTestId("feedback-submit").click();
    await turn.getByTestId("feedback-stored").waitFor({ timeout: TIMEOUT_MS });
  }

  async pickProvince(province: string): Promise<void> {
    await this.page.getByTestId("scope-add").first().click();
    await this.page.getByTestId("scope-province").filter({ hasText: province }).click();
    await this.page.keyboard.press("Escape");
    await this.page.getByTestId("scope-picker").waitFor({ state: "detached" });
  }

  /** Tick one source in the scope picker, found by the name it is listed with. */
  async pickSource(name: string): Promise<void> {
    await this.page.getByTestId("scope-add").first().click();
    await this.page.locator(".scope-source").filter({ hasText: name }).getByTestId("scope-source").check();
    await this.page.keyboard.press("Escape");
    await this.page.getByTestId("scope-picker").waitFor({ state: "detached" });
  }

  scopeChips(): Locator {
    return this.page.getByTestId("scope-chip");
  }

  savedBriefings(): Locator {
    return this.page.getByTestId("saved-briefing");
  }

  /** How far the page itself scrolls, sideways and down: the layout is one screen, so both are 0. */
  pageOverflow(): Promise<{ x: number; y: number }> {
    return this.page.evaluate(() => {
      const root = document.documentElement;
      return { x: root.scrollWidth - root.clientWidth, y: root.scrollHeight - root.clientHeight };
    });
  }

  /** Click a button and return the file the browser downloaded. */
  async download(button: Locator): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent("download", { timeout: TIMEOUT_MS }), button.click()]);
    return download;
  }
}
