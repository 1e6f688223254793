// Page object for the 资料库 view: what a user does there (open it, upload by
// button or by dropping files, search, open a source's article, delete with
// confirmation) and what they see, through data-testid hooks.
import type { Locator, Page } from "playwright-core";

const READY_TIMEOUT_MS = 30_000;

export interface FileToUpload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class LibraryPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId("mode-library").click();
    await this.items().first().waitFor();
  }

  items(): Locator {
    return this.page.getByTestId("library-item");
  }

  item(name: string): Locator {
    return this.items().filter({ has: this.page.getByTestId("library-name").filter({ hasText: name }) });
  }

  async names(): Promise<string[]> {
    return this.page.getByTestId("library-name").allInnerTexts();
  }

  async search(query: string): Promise<void> {
    await this.page.getByTestId("library-search").fill(query);
  }

  async uploadWithButton(files: FileToUpload[]): Promise<void> {
    await this.page.getByTestId("upload-input").setInputFiles(files);
  }

  /** Drop files on the view as a user dragging them from the desktop would. */
  async drop(file: { name: string; mimeType: string; text: string }): Promise<void> {
    const transfer = await this.page.evaluateHandle(({ name, mimeType, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: mimeType }));
      return data;
    }, file);
    await this.page.dispatchEvent('[data-testid="library-view"]', "drop", { dataTransfer: transfer });
  }

  upload(name: string): Locator {
    return this.page.getByTestId("upload-item").filter({ hasText: name });
  }

  async waitForUpload(name: string, stage: "ready" | "failed"): Promise<Locator> {
    const item = this.upload(name).and(this.page.locator(`[data-stage="${stage}"]`));
    await item.waitFor({ timeout: READY_TIMEOUT_MS });
    return item;
  }

  async openArticle(sourceName: string, title: string): Promise<void> {
    await this.item(sourceName).locator(".library-open").click();
    await this.page.getByTestId("library-article").filter({ hasText: title }).click();
  }

  async delete(name: string): Promise<void> {
    await this.item(name).getByTestId("delete-source").click();
    await this.page.getByTestId("confirm-delete-source").click();
    await this.item(name).waitFor({ state: "detached" });
  }
}
