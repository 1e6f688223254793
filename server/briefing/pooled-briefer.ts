// A Briefer whose corpus work runs on the server's worker pool, so that 20
// briefings at once leave the event loop free for /api/health, sockets and
// answers (issue 14). The model call and the streaming stay on the main
// thread: they wait on the network, not the CPU.
import type { EmbedderSettings } from "../../ingest/embed.js";
import { fromWorkError } from "../errors.js";
import { defineTask, type WorkPool } from "../work-pool.js";
import { Briefer, type BrieferOptions, type PreparedBriefing } from "./briefer.js";
import type { PrepareBriefingInput } from "./briefing-task.js";
import type { BriefingRequest } from "./types.js";

const TASKS = new URL("./briefing-task.ts", import.meta.url);
const PREPARE_BRIEFING = defineTask<[PrepareBriefingInput], PreparedBriefing>(TASKS, "prepareBriefing");
const OPEN_INDEX = defineTask<[Pick<PrepareBriefingInput, "indexDirectory" | "embedder">], void>(
  TASKS,
  "openBriefingIndex",
);

export class PooledBriefer extends Briefer {
  constructor(
    options: BrieferOptions,
    private readonly pool: WorkPool,
    private readonly embedder: EmbedderSettings,
  ) {
    super(options);
  }

  /** Have every worker open the index now rather than on its first briefing. */
  async warmUp(): Promise<void> {
    const input = { indexDirectory: this.options.retriever.index.directory, embedder: this.embedder };
    await Promise.all(Array.from({ length: this.pool.options.threads }, () => this.pool.run(OPEN_INDEX, [input])));
  }

  override async prepare(request: BriefingRequest, forModel: boolean, signal?: AbortSignal): Promise<PreparedBriefing> {
    const input = {
      indexDirectory: this.options.retriever.index.directory,
      embedder: this.embedder,
      request,
      forModel,
    };
    try {
      return await this.pool.run(PREPARE_BRIEFING, [input], { signal });
    } catch (error) {
      throw fromWorkError(error, this.pool.options.budgetMs);
    }
  }
}
