// Locates a citation in its article and splits the article's paragraphs into
// plain and highlighted pieces, so the viewer renders text nodes plus <mark>.
import type { DocumentResponseBody } from "../../../server/protocol.js";

export interface QuoteSpan {
  start: number;
  end: number;
}

export interface ParagraphPiece {
  text: string;
  highlighted: boolean;
}

export interface RenderedParagraph {
  kind: "heading" | "body";
  pieces: ParagraphPiece[];
}

/**
 * The span to highlight. The offsets are exact when the index that answered is
 * the one serving the document (quote === text.slice(start, end)); if the index
 * was rebuilt in between, fall back to finding the quote, else give up.
 */
export function locateQuote(
  text: string,
  citation: { quote: string; start: number; end: number },
): QuoteSpan | undefined {
  const { quote, start, end } = citation;
  if (start >= 0 && end > start && end <= text.length && text.slice(start, end) === quote) return { start, end };
  if (quote === "") return undefined;
  const found = text.indexOf(quote);
  return found >= 0 ? { start: found, end: found + quote.length } : undefined;
}

/** Every paragraph as pieces; the parts inside `span` are marked (a quote may cross paragraphs). */
export function renderParagraphs(
  document: Pick<DocumentResponseBody, "text" | "paragraphs">,
  span: QuoteSpan | undefined,
): RenderedParagraph[] {
  // An article without paragraph offsets still shows, as one paragraph.
  const paragraphs =
    document.paragraphs.length > 0
      ? document.paragraphs
      : [{ kind: "body" as const, start: 0, end: document.text.length }];
  return paragraphs.map(({ kind, start, end }) => {
    const text = (from: number, to: number) => document.text.slice(from, to);
    if (!span || span.end <= start || span.start >= end)
      return { kind, pieces: [{ text: text(start, end), highlighted: false }] };
    const markFrom = Math.max(start, span.start);
    const markTo = Math.min(end, span.end);
    const pieces: ParagraphPiece[] = [
      { text: text(start, markFrom), highlighted: false },
      { text: text(markFrom, markTo), highlighted: true },
      { text: text(markTo, end), highlighted: false },
    ];
    return { kind, pieces: pieces.filter((piece) => piece.text !== "") };
  });
}
