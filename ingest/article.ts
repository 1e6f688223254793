// The shape of an article, the unit a citation names. Types only, so the web
// client can use it (through server/protocol.ts) without pulling in ingest code.

export interface ArticleParagraph {
  kind: "heading" | "body";
  start: number;
  end: number;
}

export interface Article {
  docId: string;
  /** Page file, as "seeds/<file>". */
  source: string;
  title: string;
  author?: string;
  /** Column or series label printed above the title ("金台潮声", "党建速递"). */
  section?: string;
  /** Kickers and subtitles printed with the title. */
  deck: string[];
  /** "作者为……" line of an opinion piece. */
  authorNote?: string;
  /** Cleaned text: sub-headings and body paragraphs separated by blank lines. */
  text: string;
  paragraphs: ArticleParagraph[];
}
