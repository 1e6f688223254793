// What every format parser returns: the document as page text in the shape the
// seeds have (paragraphs separated by blank lines, titles as markdown "# "), so
// one cleaner, article splitter and chunker serve every format.

export const SOURCE_FORMATS = ["txt", "md", "pdf", "docx", "html"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface ParsedDocument {
  format: SourceFormat;
  /** Page text for cleanPage(). */
  text: string;
  /** The document's own title (PDF metadata, <title>, a Word heading), when it has one. */
  title?: string;
  /** Text files: the encoding the bytes were decoded with ("utf-8", "gb18030", "utf-16le"…). */
  encoding?: string;
}
