import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitArticles, type Article } from "./articles.js";
import { cleanPage } from "./clean.js";

const SEEDS = new URL("../seeds/", import.meta.url);
const pageFiles = readdirSync(SEEDS)
  .filter((name) => name.endsWith(".txt"))
  .sort();
const articlesByPage = new Map(
  pageFiles.map((file) => [
    file.slice(0, 3),
    splitArticles(cleanPage(readFileSync(new URL(file, SEEDS), "utf8")), file),
  ]),
);
const allArticles = [...articlesByPage.values()].flat();

function pageArticles(page: string): Article[] {
  return articlesByPage.get(page)!;
}

function byTitle(page: string, title: string): Article {
  const found = pageArticles(page).filter((article) => article.title === title);
  expect(found, `《${title}》 on page ${page}`).toHaveLength(1);
  return found[0]!;
}

describe("splitArticles on the seed pages", () => {
  it("finds the articles of every page", () => {
    expect(pageFiles).toHaveLength(5);
    expect(Object.fromEntries([...articlesByPage].map(([page, articles]) => [page, articles.length]))).toEqual({
      "000": 1,
      "001": 8,
      "002": 6,
      "003": 4,
      "004": 4,
    });
  });

  it("keeps page 000's feature whole, sub-headings included", () => {
    const [article] = pageArticles("000");
    expect(article).toMatchObject({
      docId: "000_e0a201f519d5c824-a01",
      source: "seeds/000_e0a201f519d5c824.txt",
      title: "红色引擎驱动工业腾飞",
      author: "张建 秦声",
      deck: ["——我省以高质量党建筑牢新型工业化根基"],
    });
    expect(article!.text.startsWith("七月的贵阳，骄阳似火。")).toBe(true);
    const headings = article!.paragraphs.filter((paragraph) => paragraph.kind === "heading");
    expect(headings.map((paragraph) => article!.text.slice(paragraph.start, paragraph.end))).toEqual([
      "铸魂强基 把稳工业发展“方向盘”",
      "组织强基 铸就攻坚硬核力量",
      "融合赋能 驱动产业跃升",
    ]);
  });

  it("gives page 001's interleaved paragraphs back to the 晏惠轩 article", () => {
    const [first, commentary] = pageArticles("001");
    expect(first).toMatchObject({ title: "从“红色堡垒”到“产业磁场” 贵安新区党建聚“链”串起百业兴", author: "晏惠轩" });
    expect(first!.text).toContain("“企业全响应服务中心就要真心实意为企业着想");
    expect(first!.text).toContain("在贵安综合保税区，产业链党建落在了了一件件实实在在的事情上");
    expect(commentary).toMatchObject({ title: "“链”起高质量发展澎湃动能", author: "李舟", section: "多彩新论" });
    expect(commentary!.text).not.toContain("企业全响应服务中心");
    expect(commentary!.text).not.toContain("我们将继续推动链上企业");
    expect(commentary!.text).toContain("实现产业链延伸到哪里，党组织就建到哪里");
  });

  it("reads page 001's news flashes with column, place label and dateline authors", () => {
    expect(byTitle("001", "“警务背包”32项服务为群众")).toMatchObject({
      section: "党建速递",
      deck: ["六盘水市"],
      author: "张良胜",
    });
    expect(byTitle("001", "暖心举措呵护新就业群体")).toMatchObject({ section: "黔南州贵定县", author: "辛露 张齐" });
    expect(byTitle("001", "村民事当自家事 驻村书记成“村里人”")).toMatchObject({
      section: "党员在岗",
      author: "陈安彤 张良胜",
    });
    expect(byTitle("001", "“红马甲” 活跃景区").author).toBeUndefined();
  });

  it("splits page 002's feature from its sidebar, short commentary and briefs", () => {
    expect(pageArticles("002").map((article) => article.title)).toEqual([
      "党建引领风帆劲 擎旗奋进阔步行",
      "组织根基更坚实",
      "走前列 作表率",
      "以制度规范 推动党建责任落地生根",
      "以项目攻坚 激活改革新动能",
      "赋能现代化 产业体系建设",
    ]);
    expect(pageArticles("002")[0]!.author).toBe("张良胜 晏惠轩");
    expect(byTitle("002", "组织根基更坚实").text).toContain("省直机关基层党组织达5100余个");
  });

  it("separates page 003's feature from the 金台潮声 commentary printed under it", () => {
    const feature = byTitle("003", "党建聚合力 发展增动能");
    expect(feature).toMatchObject({
      author: "沈童睿",
      section: "深度关注·高质量党建引领高质量发展①",
      deck: ["江苏省大力推进产业链党建工作,推动政企高效沟通、产业有效合作、科技协同创新——"],
    });
    expect(feature.text).toContain("截至目前,江苏省累计建立产业链党建联盟(党委)901个");
    expect(feature.text).not.toContain("习近平总书记任在山东考察");
    expect(feature.text).not.toContain("金台潮声");

    const commentary = byTitle("003", "看准了就坚定不移抓");
    expect(commentary).toMatchObject({ author: "张洋", section: "金台潮声" });
    expect(commentary.text.startsWith("习近平总书记任在山东考察")).toBe(true);
    expect(commentary.text.endsWith("不断打开事业发展新天地。")).toBe(true);

    expect(byTitle("003", "“为了群众安全,再累都值得”")).toMatchObject({
      author: "王欣悦",
      section: "“我是党员,我在岗位”",
    });
    expect(byTitle("003", "激活“两新”力量 凝聚治理合力").author).toBe("邱春风");
  });

  it("reads page 004's opinion pieces, including a title printed after its body", () => {
    expect(pageArticles("004").map((article) => [article.title, article.author])).toEqual([
      ["聚势向新 打造工业强省产业兴省“升级版”", "赵军"],
      ["推动『三抓三促』行动常态化", "高路佳"],
      ["锤炼党性修养 勇于担当作为", "王小鹏"],
      ["坚持党建引领 赋能乡村振兴", "何秀成"],
    ]);
    const trailingTitle = byTitle("004", "推动『三抓三促』行动常态化");
    expect(trailingTitle.section).toBe("纵深推进“三抓三促”行动");
    expect(trailingTitle.text.startsWith("纵深推进“三抓三促”行动，目的在于")).toBe(true);
    expect(trailingTitle.authorNote).toBe("作者为省委党校(甘肃行政学院)教务处处长、教授");
    expect(byTitle("004", "锤炼党性修养 勇于担当作为").text.startsWith("党的领导是中国特色社会主义法治之魂。")).toBe(
      true,
    );
    expect(pageArticles("004")[0]!.authorNote).toBe("作者为省政府研究室工业经济研究处副处长");
  });
});

describe("article invariants on every page", () => {
  it("leaves captions and page furniture out of article text", () => {
    for (const article of allArticles) {
      for (const marker of ["供图", "责编", "版式设计", "投稿邮箱", " 摄", "上图:", "左图:", "●", "作者为"]) {
        expect(article.text, `${article.docId} contains ${marker}`).not.toContain(marker);
      }
    }
  });

  it("has paragraph offsets that slice the text exactly", () => {
    for (const article of allArticles) {
      const pieces = article.paragraphs.map((paragraph) => article.text.slice(paragraph.start, paragraph.end));
      expect(pieces.join("\n\n"), article.docId).toBe(article.text);
      for (const piece of pieces) {
        expect(piece.trim(), article.docId).toBe(piece);
        expect(piece, article.docId).not.toBe("");
      }
      expect(
        article.paragraphs.some((paragraph) => paragraph.kind === "body"),
        article.docId,
      ).toBe(true);
    }
  });

  it("names every article with a unique <file stem>-aNN id and its seeds/ source", () => {
    const ids = allArticles.map((article) => article.docId);
    expect(new Set(ids).size).toBe(23);
    for (const [page, articles] of articlesByPage) {
      const file = pageFiles.find((name) => name.startsWith(page))!;
      articles.forEach((article, index) => {
        expect(article.docId).toBe(`${file.replace(/\.txt$/, "")}-a${String(index + 1).padStart(2, "0")}`);
        expect(article.source).toBe(`seeds/${file}`);
        expect(article.title.length).toBeGreaterThan(0);
      });
    }
  });
});

describe("splitArticles on synthetic blocks", () => {
  it("returns no article for a page without body text", () => {
    expect(
      splitArticles(
        [
          { kind: "heading", text: "标题", line: 1 },
          { kind: "furniture", text: "● 第一期 ●", line: 3 },
        ],
        "x.txt",
      ),
    ).toEqual([]);
  });

  it("uses the file stem of a .md page", () => {
    const [article] = splitArticles([{ kind: "body", text: "只有正文的一段。", line: 1 }], "notes.page.md");
    expect(article).toMatchObject({
      docId: "notes.page-a01",
      source: "seeds/notes.page.md",
      title: "只有正文的一段。",
      deck: [],
    });
  });
});
