// Every size limit of a request, in one table (README "Limits"), enforced the
// same way over HTTP and Socket.IO (server/validation.ts, server/app.ts). The
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
/** Worst case of JSON: every character written as a 6-byte escape (\u0000), plus room for the field names. */
const requestBytes = 6 * (questionChars + historyTurns * turnChars) + 8 * 1024;

export const LIMITS = {
  questionChars,
  topicChars,
  historyTurns,
  turnChars,
  /** express.json's limit for every JSON body. */
  httpBodyBytes: requestBytes,
  /** Socket.IO's maxHttpBufferSize: a larger message closes that connection (the client reconnects). */
  socketMessageBytes: requestBytes + 1024,
} as const;
