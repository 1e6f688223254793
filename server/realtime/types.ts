// The typed Socket.IO server and connection every realtime module works with.
import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "../protocol.js";

/** Nothing is kept per connection: conversations live in the ConversationStore, shared by every process. */
export type SocketData = Record<string, never>;

export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
