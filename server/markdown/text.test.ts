// Exports must not carry live markup or links from the corpus or the model.
import { describe, expect, it } from "vitest";
import { briefingToMarkdown } from "./briefing.js";
import type { Briefing } from "../briefing/types.js";
import { markdownCell, markdownLine, markdownSafe } from "./text.js";

const INJECTED =
  '江苏建立联盟901个<img src=x onerror="alert(1)"><script>alert(2)</script>，见[详情](javascript:alert(3))[1]。';

describe("markdownSafe", () => {
  it("escapes HTML, so no viewer runs it", () => {
    expect(markdownSafe("<img src=x onerror=alert(1)> & <script>")).toBe(
      "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;",
    );
  });

  it("keeps http(s) links and breaks every other link target", () => {
    expect(markdownSafe("[a](https://example.org) [b](javascript:alert(1)) ![c]( data:text/html,x)")).toBe(
      "[a](https://example.org) [b]\\(javascript:alert(1)) ![c]\\( data:text/html,x)",
    );
  });

  it("leaves citation markers alone but never lets them be defined as links", () => {
    expect(markdownSafe("联盟901个[1][2]。")).toBe("联盟901个[1][2]。");
    expect(markdownSafe("[1]: javascript:alert(1)")).toBe("[1]\\: javascript:alert(1)");
  });

  it("flattens lines and escapes pipes for table cells", () => {
    expect(markdownLine(" 一行\n\n  两行 ")).toBe("一行 两行");
    expect(markdownCell("a|b\n<b>")).toBe("a\\|b &lt;b&gt;");
  });
});

describe("briefing Markdown", () => {
  it("carries no live HTML or javascript: link from a point, a quote or the figures table", () => {
    const briefing: Briefing = {
      title: "关于“<b>产业链党建</b>”的简报",
      points: [{ text: INJECTED, citations: [1] }],
      figures: [{ value: "901个", label: "<img>", place: "江苏", citation: 1 }],
      citations: [
        {
          n: 1,
          docId: "x-a01",
          source: "seeds/x.txt",
          title: "<script>标题</script>",
          quote: INJECTED,
          start: 0,
          end: 10,
        },
      ],
      mode: "llm",
    };
    const markdown = briefingToMarkdown(briefing);
    expect(markdown).not.toMatch(/<(img|script|b)\b/);
    expect(markdown).not.toContain("](javascript:");
    expect(markdown).toContain('&lt;img src=x onerror="alert(1)"&gt;');
    expect(markdown).toContain("| 901个 | &lt;img&gt; | 江苏 | [1] |");
  });
});
