// Text from the corpus or a model, made safe to place in a Markdown export.
// Viewers that allow HTML would run `<img onerror>` or `<script>` copied
// verbatim, and `[x](javascript:…)` would become a live link (issue 14), so:
// HTML is escaped to entities, inline links whose target is not http(s) lose
// their link syntax, and `[n]: …` can never become a reference definition that
// turns every `[n]` marker into a link. Citation markers stay `[n]`.
// Pure and free of Node imports: the CLI and the web client both use it.

const HTML_ESCAPES = new Map([
  ["&", "&amp;"],
  ["<", "&lt;"],
  [">", "&gt;"],
]);

/** Escape HTML and neutralise links; line breaks are kept. */
export function markdownSafe(text: string): string {
  return (
    text
      .replace(/[&<>]/g, (char) => HTML_ESCAPES.get(char) ?? char)
      // `](` opens a link target: keep it a link only for http(s).
      .replace(/\]\((?!\s*https?:\/\/)/gi, "]\\(")
      // `[label]:` at the start of a line (or after `>`) would define a link.
      .replace(/\]:/g, "]\\:")
  );
}

/** One line (tables, headings, list items and quotes break on a line break), made safe. */
export function markdownLine(text: string): string {
  return markdownSafe(text.replace(/\s+/g, " ").trim());
}

/** A table cell: one safe line with its pipes escaped. */
export function markdownCell(text: string): string {
  return markdownLine(text).replace(/\|/g, "\\|");
}
