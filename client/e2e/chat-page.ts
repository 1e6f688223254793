// Page object for the chat: the browser test speaks in user actions and reads
// what a user sees, through data-testid hooks rather than CSS classes.
import type { Locator, Page } from "playwright-core";

const ANSWER_TIMEOUT_MS = 20_000;

export class ChatPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.connectionState("connected");
  }

  async connectionState(state: string): Promise<void> {
    await this.page
      .locator(`[data-testid="connection-state"][data-state="${state}"]`)
      .waitFor({ timeout: ANSWER_TIMEOUT_MS });
  }

  starter(question: string): Locator {
    return this.page.getByTestId("starter-question").filter({ hasText: question });
  }

  async ask(question: string): Promise<void> {
    const input = this.page.getByTestId("question-input");
    await input.fill(question);
    await input.press("Enter");
  }

  turns(): Locator {
    return this.page.getByTestId("turn");
  }

  lastTurn(): Locator {
    return this.turns().last();
  }

  /** Wait until the last answer is finished (done, error or cancelled) and return its turn. */
  async waitForAnswer(): Promise<Locator> {
    const turn = this.lastTurn();
    await turn
      .and(this.page.locator('[data-status="done"], [data-status="error"], [data-status="cancelled"]'))
      .waitFor({ timeout: ANSWER_TIMEOUT_MS });
    return turn;
  }

  answerText(turn: Locator): Promise<string> {
    return turn.getByTestId("answer").innerText();
  }

  chip(turn: Locator, n: number): Locator {
    return turn.locator(`[data-testid="citation-chip"][data-n="${n}"]`).first();
  }

  viewer(): Locator {
    return this.page.getByTestId("source-viewer");
  }

  highlight(): Locator {
    return this.viewer().getByTestId("source-highlight").first();
  }

  /** True when the highlighted quote is inside the viewer's visible area (scrolled to, not just present). */
  async highlightInView(): Promise<boolean> {
    return this.highlight().evaluate((mark) => {
      const body = mark.closest(".viewer-body");
      if (!body) return false;
      const markBox = mark.getBoundingClientRect();
      const bodyBox = body.getBoundingClientRect();
      return markBox.top >= bodyBox.top && markBox.top < bodyBox.bottom;
    });
  }

  /** Wait for CSS transitions and animations (drawer, sheet) to finish, e.g. before a screenshot. */
  async settle(): Promise<void> {
    await this.page.waitForFunction(() =>
      document
        .getAnimations()
        .every(
          (animation) =>
            animation.playState !== "running" || animation.effect?.getComputedTiming().iterations === Infinity,
        ),
    );
  }

  async closeViewer(): Promise<void> {
    await this.viewer().getByTestId("viewer-close").click();
    await this.viewer().waitFor({ state: "detached" });
  }

  historyItems(): Locator {
    return this.page.getByTestId("history-item");
  }

  async newConversation(): Promise<void> {
    await this.openSidebarIfHidden();
    await this.page.getByTestId("new-conversation").click();
    await this.page.getByTestId("empty-state").waitFor();
    await this.settle();
  }

  /** On a phone the sidebar is a drawer behind the menu button. */
  async openSidebarIfHidden(): Promise<void> {
    const menu = this.page.getByRole("button", { name: "打开对话列表" });
    if (!(await menu.isVisible())) return;
    await menu.click();
    await this.settle();
  }
}
