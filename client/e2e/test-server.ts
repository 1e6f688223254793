// The real stack for the browser test: the seed corpus plus one page carrying
// an HTML payload, ingested by the real pipeline; the client built by Vite; the
// real app from server/http/app.ts listening on a random loopback port.
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { runIngest } from "../../ingest/pipeline.js";
import { PROJECT_ROOT } from "../../server/config.js";
import { openSearchIndex, Retriever } from "../../server/retrieval/retriever.js";
import { openSqliteStore } from "../../server/store/sqlite.js";
import type { ToolStore } from "../../server/store/types.js";
import { startApp, type RunningApp, type StartOptions } from "../../server/test-support/running-app.js";
import { TEST_EMBEDDER, TEST_HNSW, type CorpusIndex } from "../../server/test-support/corpus-index.js";

const CLIENT_ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Git-ignored (see .gitignore). */
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "screenshots");

/** A line that would run script if any layer injected corpus text as HTML. */
export const XSS_LINE = "<img src=x onerror=alert(1)>";
export const XSS_QUESTION = "测试县网络安全演练中心发现了什么可疑代码？";

/** A page in the seeds' shape: title, author line, body paragraphs, the payload inside the body. */
const XSS_PAGE = [
  "测试县开展网页安全演练",
  "",
  "本报记者 安全测试",
  "",
  "今年以来，测试县网络安全演练中心共开展网页安全演练36次，演练中发现一段可疑代码。",
  "",
  `测试县网络安全演练中心发现的可疑代码是：${XSS_LINE}`,
  "",
  XSS_LINE,
  "",
  "测试县网络安全演练中心负责人表示，发现的可疑代码已全部清除，网站运行正常。",
  "",
].join("\n");

export interface E2eServer {
  url: string;
  server: RunningApp;
  /** Where uploaded eval runs write their reports (a temp folder, never the repo's eval/reports). */
  evalReportsDir: string;
  /** Stop the server and start it again on the same port with the same store file (what a deploy does). */
  restart: () => Promise<void>;
  close: () => Promise<void>;
}

async function buildCorpus(workDir: string): Promise<CorpusIndex> {
  const seedsDir = path.join(workDir, "seeds");
  await mkdir(seedsDir, { recursive: true });
  const realSeeds = path.join(PROJECT_ROOT, "seeds");
  for (const name of await readdir(realSeeds))
    if (/\.(txt|md)$/.test(name)) await copyFile(path.join(realSeeds, name), path.join(seedsDir, name));
  await writeFile(path.join(seedsDir, "900_xss_test_page.txt"), XSS_PAGE, "utf8");
  const indexDir = path.join(workDir, "index");
  await runIngest({ seedsDir, indexDir, embedder: TEST_EMBEDDER, hnsw: TEST_HNSW });
  const index = await openSearchIndex(indexDir, TEST_EMBEDDER);
  return { indexDir, index, retriever: new Retriever(index), cleanup: async () => {} };
}

/** Build the client with the project's Vite config into `outDir`. */
export async function buildClient(outDir: string): Promise<void> {
  await build({
    configFile: path.join(CLIENT_ROOT, "vite.config.ts"),
    logLevel: "warn",
    // vitest sets NODE_ENV=test, which would otherwise ship React's development build.
    mode: "production",
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    build: { outDir, emptyOutDir: true },
  });
}

export async function startE2eServer(
  options: Pick<StartOptions, "llm" | "accessToken" | "rateLimitPerMinute" | "rateLimitWindowMs"> = {},
): Promise<E2eServer> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "chat-e2e-"));
  const clientDir = path.join(workDir, "client-dist");
  const evalReportsDir = path.join(workDir, "eval-reports");
  const storeFile = path.join(workDir, "data", "assistant.sqlite");
  const [corpus] = await Promise.all([buildCorpus(workDir), buildClient(clientDir)]);
  let store: ToolStore = openSqliteStore(storeFile);
  let server = await startApp(corpus, { clientDir, store, evalReportsDir, ...options });
  const port = Number(new URL(server.url).port);
  const handle: E2eServer = {
    url: server.url,
    server,
    evalReportsDir,
    restart: async () => {
      await server.close();
      await store.close();
      store = openSqliteStore(storeFile);
      server = await startApp(corpus, { clientDir, store, evalReportsDir, port, ...options });
      handle.server = server;
    },
    close: async () => {
      await server.close();
      await store.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
  return handle;
}
