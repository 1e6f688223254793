// Child process: N Socket.IO clients on loopback, each asking questions back to
// back (no think time: the worst case) for a bounded time. A client the server
// refuses for now (busy, rate limited) waits the retryAfterMs it was given and asks
// the same question again, as the web chat does; the refusals are still counted.
// `tsx bench/load-clients.ts <url> <clients> <seconds> <questions.json>`
import { readFile } from "node:fs/promises";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ErrorBody, ServerToClientEvents } from "../server/protocol.js";
import { percentiles } from "./stats.js";
import { itemAt } from "../ingest/indexed.js";

const [url, clientsArg, secondsArg, questionsFile] = process.argv.slice(2);
const clientCount = Number(clientsArg);
const durationMs = Number(secondsArg) * 1000;
const questions = JSON.parse(await readFile(questionsFile!, "utf8")) as string[];
const ANSWER_TIMEOUT_MS = 30_000;

const firstTokenMs: number[] = [];
const doneMs: number[] = [];
const errors: Record<string, number> = {};
const countError = (code: string) => (errors[code] = (errors[code] ?? 0) + 1);
let answers = 0;
let lost = 0;
let waitedMs = 0;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const clients: Client[] = await Promise.all(
  Array.from(
    { length: clientCount },
    () =>
      new Promise<Client>((resolve) => {
        const client: Client = io(url!, { transports: ["websocket"], reconnection: false, timeout: 20_000 });
        client.once("connect", () => resolve(client));
        client.once("connect_error", (error) => (countError(`connect:${error.message}`), resolve(client)));
      }),
  ),
);

/** Asks once; resolves to the ms the server said to wait before asking again (0: answered or failed for good). */
function askOne(client: Client, question: string): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    let id: string | undefined;
    let sawToken = false;
    const finish = (retryAfterMs = 0) => {
      clearTimeout(timer);
      client.off("answer:token", onToken).off("answer:done", onDone).off("answer:error", onError);
      resolve(retryAfterMs);
    };
    const timer = setTimeout(() => (lost++, countError("timeout"), finish()), ANSWER_TIMEOUT_MS);
    const onToken = (event: { id: string }) => {
      if (event.id !== id || sawToken) return;
      sawToken = true;
      firstTokenMs.push(performance.now() - started);
    };
    const onDone = (event: { id: string }) => {
      if (event.id !== id) return;
      doneMs.push(performance.now() - started);
      answers++;
      finish();
    };
    const onError = (event: { id: string; error: ErrorBody }) => {
      if (event.id !== id) return;
      countError(event.error.code);
      finish(event.error.retryAfterMs);
    };
    client.on("answer:token", onToken).on("answer:done", onDone).on("answer:error", onError);
    client.emit("ask", { question }, (ack) => {
      if (ack.ok) id = ack.id;
      else {
        countError(`ack:${ack.error.code}`);
        finish(ack.error.retryAfterMs);
      }
    });
  });
}

const started = performance.now();
const cpuAtStart = process.cpuUsage();
const deadline = started + durationMs;
await Promise.all(
  clients.map(async (client, clientIndex) => {
    if (!client.connected) return;
    for (let i = clientIndex; performance.now() < deadline;) {
      const retryAfterMs = await askOne(client, itemAt(questions, i % questions.length));
      if (retryAfterMs === 0) {
        i += clientCount;
        continue;
      }
      const wait = Math.min(retryAfterMs, deadline - performance.now());
      waitedMs += Math.max(0, wait);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }),
);
const elapsedS = (performance.now() - started) / 1000;
// This process's own CPU while it asked (user + system, µs): the load clients share the machine with the server.
const cpu = process.cpuUsage(cpuAtStart);
for (const client of clients) client.disconnect();
console.log(
  JSON.stringify({
    clients: clientCount,
    seconds: Math.round(elapsedS * 10) / 10,
    answers,
    answersPerSec: Math.round((answers / elapsedS) * 10) / 10,
    errors: Object.values(errors).reduce((sum, count) => sum + count, 0),
    errorCodes: errors,
    lost,
    /** The clients' time spent waiting out refusals, summed over clients (s). */
    waitedSeconds: Math.round(waitedMs / 100) / 10,
    firstTokenMs: percentiles(firstTokenMs),
    doneMs: percentiles(doneMs),
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
  }),
);
process.exit(0);
