// The shape of an article, the unit a citation names. Types only, so the web
// client can use it (through server/protocol.ts) without pulling in ingest code.

export interface ArticleParagraph {
  kind: "heading" | "body";
  start: number;
  end: number;
}

export interface Article {
  /** `<sourceId>-aNN`: unique across sources. */
  docId: string;
  /** The source (one uploaded or seed file) the article comes from. */
  sourceId: string;
  /** Where the original is kept: "seeds/<file>" or "uploads/<sourceId>.<ext>" (under DATA_DIR). */
  source: string;
  /** A readable name for the source: its file name, or its title when the file name is a code. */
  sourceName: string;
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
