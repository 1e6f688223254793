// An HTML fragment (readability's article, mammoth's Word conversion) as page
// text: one paragraph per block element, headings as markdown "#", and the
// lines every news site prints around an article (copyright, ICP licence,
// "热门推荐", share and print links) left out.
import { parseHTML } from "linkedom";

const BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td, th, figcaption, div";
const FURNITURE = [
  /版权所有|copyright|©|\(c\)\s*\d{4}|all rights reserved/i,
  /ICP备|ICP证|公网安备|互联网新闻信息服务许可证/,
  /^(热门推荐|相关阅读|相关新闻|推荐阅读|延伸阅读|猜你喜欢|更多精彩|扫一扫|分享到|打印本页|关闭窗口|返回顶部|上一篇|下一篇)/,
  /^(来源|稿源|本文来源)[:：]\s*\S{1,20}$/,
];
const MAX_FURNITURE_CHARS = 80;

export function isWebFurniture(line: string): boolean {
  return line.length <= MAX_FURNITURE_CHARS && FURNITURE.some((pattern) => pattern.test(line));
}

/** Block texts of an HTML fragment, in document order; nested blocks are not repeated. */
export function htmlToPageText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const paragraphs: string[] = [];
  for (const element of document.querySelectorAll(BLOCKS)) {
    // A block that holds other blocks contributes through them.
    if (element.querySelector(BLOCKS)) continue;
    const text = (element.textContent ?? "").replace(/[\s\u00a0\u3000]+/g, " ").trim();
    if (text === "" || isWebFurniture(text)) continue;
    const level = /^H([1-6])$/.exec(element.tagName)?.[1];
    paragraphs.push(level ? `${"#".repeat(Number(level))} ${text}` : text);
  }
  return paragraphs.join("\n\n");
}
