// Child process: N Socket.IO clients on loopback, each asking questions back to
// back (no think time: the worst case) for a bounded time.
// `tsx bench/load-clients.ts <url> <clients> <seconds> <questions.json>`
import { readFile } from "node:fs/promises";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../server/protocol.js";
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

function askOne(client: Client, question: string): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    let id: string | undefined;
    let sawToken = false;
    const finish = () => {
      clearTimeout(timer);
      client.off("answer:token", onToken).off("answer:done", onDone).off("answer:error", onError);
      resolve();
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
    const onError = (event: { id: string; error: { code: string } }) => {
      if (event.id !== id) return;
      countError(event.error.code);
      finish();
    };
    client.on("answer:token", onToken).on("answer:done", onDone).on("answer:error", onError);
    client.emit("ask", { question }, (ack) => {
      if (ack.ok) id = ack.id;
      else {
        countError(`ack:${ack.error.code}`);
        finish();
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
    for (let i = clientIndex; performance.now() < deadline; i += clientCount)
      await askOne(client, itemAt(questions, i % questions.length));
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
    firstTokenMs: percentiles(firstTokenMs),
    doneMs: percentiles(doneMs),
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
  }),
);
process.exit(0);
