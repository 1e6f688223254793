// Real files of every format for tests, made here (a PDF printed by Chromium, a
// .docx written with the docx package, a web page with its furniture) or
// committed beside this file (a GB18030 text, a damaged PDF). Each carries one
// fact found nowhere in the seeds, so an answer citing it proves the upload.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Document, HeadingLevel, Packer, Paragraph } from "docx";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export const PDF_FACTS = {
  title: "数字乡村服务站点亮黔东南",
  question: "黔东南州建成了多少个数字乡村服务站？",
  figure: "328个",
  /** A sentence that the two-column layout breaks across lines. */
  sentence: "截至目前，黔东南州累计建成数字乡村服务站328个，覆盖行政村1960个。",
};
export const DOCX_FACTS = {
  title: "铜仁市推进产业工人队伍建设",
  question: "铜仁市培训了多少名产业工人？",
  figure: "4700名",
};
export const HTML_FACTS = {
  title: "安顺市新建党群服务驿站",
  question: "安顺市新建了多少个党群服务驿站？",
  figure: "56个",
};
export const GB18030_FACTS = {
  title: "遵义市工业园区党建观察",
  question: "遵义市有多少家规上工业企业成立了党组织？",
  figure: "613家",
};

export function findChromium(): string | undefined {
  return CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
}

const PDF_HTML = `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>${PDF_FACTS.title}</title>
<style>body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;font-size:14px;line-height:1.6;margin:40px}
h1{font-size:28px;text-align:center;margin:0 0 12px}.by{text-align:center;margin:0 0 18px}
.cols{column-count:2;column-gap:32px}p{margin:0 0 1em;text-indent:2em}</style></head><body>
<h1>${PDF_FACTS.title}</h1><p class="by">本报记者 罗晓红</p><div class="cols">
<p>今年以来，黔东南州把数字乡村建设作为推进乡村振兴的重要抓手，以党建引领整合资源，推动电商、政务、金融等服务向村一级延伸，让群众在家门口就能办成事、办好事。</p>
<p>${PDF_FACTS.sentence}服务站由村党组织统一管理，聘请返乡青年担任信息员，帮助群众网上缴费、远程问诊和销售农产品。</p>
<p>在雷山县，服务站与合作社结对，把银球茶和稻田鱼送上直播间，去年带动村民增收两千余万元。村党支部书记说，站点建到哪里，党员服务就延伸到哪里。</p>
<p>下一步，黔东南州将完善服务站运营机制，推动站点与农村寄递物流网点共建共享，让数字红利更多更公平地惠及各族群众。</p>
</div></body></html>`;

/** A two-column Chinese page printed to PDF by headless Chromium, or undefined without Chromium. */
export async function makeTwoColumnPdf(chromium = findChromium()): Promise<Buffer | undefined> {
  if (!chromium) return undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), "pdf-fixture-"));
  try {
    const page = path.join(dir, "page.html");
    const out = path.join(dir, "page.pdf");
    await writeFile(page, PDF_HTML);
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-pdf-header-footer",
      `--user-data-dir=${path.join(dir, "profile")}`,
      `--print-to-pdf=${out}`,
      page,
    ];
    const result = spawnSync(chromium, args, { timeout: 60_000, stdio: "ignore" });
    if (result.status !== 0 || !existsSync(out))
      throw new Error(`${chromium} could not print the test page to PDF (exit ${result.status})`);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A page with only a picture, printed to PDF: what a scanned page looks like to a parser. */
export async function makeScannedPdf(chromium = findChromium()): Promise<Buffer | undefined> {
  if (!chromium) return undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), "scan-fixture-"));
  try {
    // A 2×2 grey PNG, scaled up: the page paints an image and holds no text.
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVQI12NgYGBgYAAAAAUAAXpeqz8AAAAASUVORK5CYII=";
    const page = path.join(dir, "scan.html");
    const out = path.join(dir, "scan.pdf");
    await writeFile(
      page,
      `<!doctype html><html><body style="margin:0"><img src="data:image/png;base64,${png}" style="width:600px;height:800px"></body></html>`,
    );
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-pdf-header-footer",
      `--user-data-dir=${path.join(dir, "profile")}`,
      `--print-to-pdf=${out}`,
      page,
    ];
    const result = spawnSync(chromium, args, { timeout: 60_000, stdio: "ignore" });
    if (result.status !== 0 || !existsSync(out))
      throw new Error(`${chromium} could not print the scan page to PDF (exit ${result.status})`);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A Word document: title (Heading 1), by-line, body paragraphs. */
export async function makeDocx(): Promise<Buffer> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: DOCX_FACTS.title, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: "本报记者 杨帆" }),
          new Paragraph({
            text: "铜仁市坚持把产业工人队伍建设改革作为推动新型工业化的基础工程，由市总工会牵头，联合人社、工信等部门，面向园区企业开展技能提升行动。",
          }),
          new Paragraph({
            text: `今年上半年，铜仁市共培训产业工人${DOCX_FACTS.figure}，其中取得高级工以上职业资格的有860名，一批“铜仁工匠”在生产一线脱颖而出。`,
          }),
          new Paragraph({
            text: "企业党组织把技术骨干培养成党员，把党员培养成技术骨干，推动党建工作与生产经营同频共振。",
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** A news page as a site serves it: navigation, ads, a "热门推荐" box and a footer around the article. */
export function makeNewsHtml(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${HTML_FACTS.title}_黔南新闻网</title></head><body>
<header><nav class="nav"><a href="/">首页</a> | <a href="/gn">国内</a> | <a href="/gj">国际</a> | <a href="/ty">体育</a></nav></header>
<div class="ad banner">广告：新款手机限时特惠，点击抢购！</div>
<main><article class="article">
<h1>${HTML_FACTS.title}</h1>
<p class="byline">本报记者 陈静</p>
<p>为打通服务群众“最后一公里”，安顺市以党建引领基层治理，在商圈、园区和快递网点集中的地方建设党群服务驿站，为快递员、外卖骑手等新就业群体提供歇脚、充电和饮水服务。</p>
<p>今年以来，安顺市新建党群服务驿站${HTML_FACTS.figure}，累计服务新就业群体两万余人次。驿站由所在社区党组织负责日常运行，并定期开展政策宣讲和技能培训。</p>
<p>不少骑手说，驿站不仅是休息的地方，也让他们找到了组织，感受到了城市的温度。下一步，安顺市将推动驿站向乡镇延伸。</p>
</article></main>
<aside class="sidebar"><h3>热门推荐</h3><ul><li><a href="/1">某明星宣布新恋情</a></li><li><a href="/2">十大旅游胜地排行</a></li><li><a href="/3">震惊！这种水果不能多吃</a></li></ul></aside>
<div class="ad">广告：房贷利率再创新低，立即咨询</div>
<footer class="footer"><p>版权所有 © 2025 黔南新闻网 未经授权禁止转载</p><p>黔ICP备12345678号</p></footer>
</body></html>`;
}

/** Committed fixtures: the GB18030 page and a damaged PDF. */
export async function readFixture(name: "gb18030-page.txt" | "corrupt.pdf"): Promise<Buffer> {
  return readFile(path.join(FIXTURES, name));
}
