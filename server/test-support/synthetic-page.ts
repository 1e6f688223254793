// A large corpus for scale tests, built in the test: one page of many short
// articles, the first naming 江苏 and the others no province (so the page's
// applies), each with figures and the words of a few topics.

export /** One page of `count` short articles; the first names 江苏, the others no province (so the page's applies). */
function syntheticPage(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const place = i === 0 ? "江苏省" : `园区${i}号`;
    parts.push(`第${i}个园区推进产业链党建工作`, `本报记者 王${"建国华明丽军"[i % 6]}`);
    parts.push(
      `${place}建立产业链党建联盟${i + 10}个，覆盖企业${i + 100}家。党组织把支部建在产业链上，推动企业协同发展。`,
    );
    parts.push(`今年以来，${place}累计服务企业${i + 5}家次，解决难题${(i % 50) + 3}个。`);
  }
  return `${parts.join("\n\n")}\n`;
}

/** A synthetic page written as the only seed file of `seedsDir`. */
export const SYNTHETIC_PAGE_FILE = "big_page.txt";
