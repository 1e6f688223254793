// Every size limit of a request, in one table (README "Limits"), enforced the
// same way over HTTP and Socket.IO (server/validation.ts, server/http/app.ts). The
// byte limits are derived from the character limits, so a request that passes
// validation can never be refused for its size, whichever transport carries it
// (issue 14: twelve valid 4,000-character turns used to get 413 over HTTP).
// Free of imports: server/config.ts and server/protocol.ts (and through it the
// web client, as a type) share it.

const questionChars = 1000;
const topicChars = 200;
const historyTurns = 12;
/** An assistant turn in history; a user turn is a question and holds at most questionChars. */
const turnChars = 4000;
/** A scope (question or briefing) names at most this many sources, each by a name this long. */
const scopeSources = 20;
const sourceNameChars = 300;
/** The characters of the largest scope: its source names (with quotes and commas), a docId and a province. */
const scopeChars = scopeSources * (sourceNameChars + 3) + 200;
/** Worst case of JSON: every character written as a 6-byte escape (\u0000), plus room for the field names. */
const requestBytes = 6 * (questionChars + historyTurns * turnChars + scopeChars) + 8 * 1024;

// A saved briefing (POST/PUT /api/saved-briefings) holds a briefing as the server built it.
const briefingPoints = 40;
const pointChars = 2000;
const briefingCitations = 80;
const briefingFigures = 40;
const quoteChars = 4000;
/** A citation: its quote, its source, source id and name and title, its docId, author and numbers. */
const citationChars = quoteChars + 4 * sourceNameChars + 300;
/** A figure: value, label, place and the field names. */
const figureChars = 250;
const savedBriefingChars =
  topicChars +
  scopeChars +
  briefingPoints * pointChars +
  briefingCitations * citationChars +
  briefingFigures * figureChars;
const savedBriefingBytes = 6 * savedBriefingChars + 16 * 1024;

export const LIMITS = {
  questionChars,
  topicChars,
  historyTurns,
  turnChars,
  /** express.json's limit for every JSON body. */
  httpBodyBytes: requestBytes,
  /** Socket.IO's maxHttpBufferSize: a larger message closes that connection (the client reconnects). */
  socketMessageBytes: requestBytes + 1024,
  scopeSources,
  sourceNameChars,
  /** A feedback comment. */
  commentChars: 1000,
  briefingPoints,
  pointChars,
  briefingCitations,
  briefingFigures,
  quoteChars,
  /** The JSON body limit of the saved-briefing routes: the largest valid saved briefing, every character escaped. */
  savedBriefingBytes,
  /** An uploaded eval question file (POST /api/eval/runs) and the questions one run from the UI takes. */
  evalFileBytes: 1024 * 1024,
  evalQuestions: 500,
} as const;
