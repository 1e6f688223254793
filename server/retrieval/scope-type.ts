// What a question or a briefing may draw on, as it crosses the wire (protocol.ts) and is
// stored (store/types.ts). A type of its own: those files must not import scope.ts, which
// checks a scope against the index and so imports the code they describe.
export interface Scope {
  /** Only articles that name this province (short name: 江苏, 贵州…), or whose page does. */
  province?: string;
  /** Only this article. */
  docId?: string;
  /** Only articles of these source files (a citation's `source`, e.g. "seeds/003_518b5102fb447ec0.txt"). */
  sources?: string[];
}
