// How much model text the checks read. An answer is a few hundred characters;
// a reply of 100 KB (asked for by a user, or written into a poisoned page) is
// cut before any check runs, so no reply can make checking slow (issue 14).
// Whatever lies past a cap is dropped, never passed on unchecked.

/** Longest reply that is checked and shown; the rest is cut. */
export const MAX_REPLY_CHARS = 8000;
/** Longest line of a reply; a longer line is cut (answers are short paragraphs). */
export const MAX_REPLY_LINE_CHARS = 2000;
/** A reply longer than this is checked on a worker thread when the server has a pool. */
export const OFF_THREAD_REPLY_CHARS = 2000;

/** `text` within both caps; `capped` tells whether anything was cut. */
export function capReply(text: string): { text: string; capped: boolean } {
  let capped = text.length > MAX_REPLY_CHARS;
  const lines = (capped ? text.slice(0, MAX_REPLY_CHARS) : text).split("\n");
  const kept = lines.map((line) => {
    if (line.length <= MAX_REPLY_LINE_CHARS) return line;
    capped = true;
    return line.slice(0, MAX_REPLY_LINE_CHARS);
  });
  return { text: capped ? kept.join("\n") : text, capped };
}
