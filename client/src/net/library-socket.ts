// Progress of uploads being indexed (source:progress), on a connection of the
// library view's own, opened while the view is open.
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, SourceProgressPayload } from "../../../server/protocol.js";

export function watchSourceProgress(
  onProgress: (progress: SourceProgressPayload) => void,
  getToken: () => string | undefined,
): () => void {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    auth: (send: (data: object) => void) => {
      const token = getToken();
      send(token ? { token } : {});
    },
    reconnectionDelayMax: 5_000,
  });
  socket.on("source:progress", onProgress);
  return () => socket.close();
}
