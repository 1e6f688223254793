// localStorage persistence. Anything read back is checked before use: storage
// can hold an older format, another tab's half-written value, or junk, and a bad
// entry must cost that entry, not the whole history.
import type { ChatState, Conversation, Turn, TurnStatus } from "./chat-model.js";
import { EMPTY_STATE } from "./chat-reducer.js";

export const CONVERSATIONS_KEY = "news-chat:conversations:v1";
export const TOKEN_KEY = "news-chat:access-token";
/** Oldest conversations beyond this are dropped so storage stays well under its quota. */
const MAX_CONVERSATIONS = 100;

const STATUSES: readonly TurnStatus[] = [
  "queued",
  "sending",
  "streaming",
  "done",
  "error",
  "cancelled",
  "unsent",
  "interrupted",
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

const isStatus = (value: unknown): value is TurnStatus => STATUSES.includes(value as TurnStatus);
const isObject = (value: unknown): value is object => isRecord(value);

function readTurn(value: unknown): Turn | undefined {
  if (!isRecord(value) || !isString(value.id) || !isString(value.question) || !isNumber(value.askedAt))
    return undefined;
  if (!isStatus(value.status)) return undefined;
  const { id, question, askedAt, status } = value;
  // The nested shapes were written by this client; a missing or junk one is left out, not trusted.
  return {
    id,
    question,
    askedAt,
    status,
    answer: isString(value.answer) ? value.answer : "",
    citations: Array.isArray(value.citations) ? (value.citations as Turn["citations"]) : [],
    ...(isString(value.serverId) ? { serverId: value.serverId } : {}),
    ...(isString(value.rewritten) ? { rewritten: value.rewritten } : {}),
    ...(isString(value.answerId) ? { answerId: value.answerId } : {}),
    ...(isObject(value.outcome) ? { outcome: value.outcome as Turn["outcome"] } : {}),
    ...(isObject(value.error) ? { error: value.error as Turn["error"] } : {}),
    ...(isObject(value.scope) ? { scope: value.scope as Turn["scope"] } : {}),
  };
}

function readConversation(value: unknown): Conversation | undefined {
  if (
    !isRecord(value) ||
    !isString(value.id) ||
    !isString(value.title) ||
    !isNumber(value.createdAt) ||
    !isNumber(value.updatedAt)
  )
    return undefined;
  if (!Array.isArray(value.turns)) return undefined;
  const turns = value.turns.map(readTurn).filter((turn): turn is Turn => turn !== undefined);
  return { id: value.id, title: value.title, createdAt: value.createdAt, updatedAt: value.updatedAt, turns };
}

/** Parse stored conversations; malformed entries are skipped, a malformed whole gives the empty state. */
export function parseStoredState(raw: string | null): ChatState {
  if (!raw) return EMPTY_STATE;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return EMPTY_STATE;
  }
  if (!isRecord(data) || !Array.isArray(data.conversations)) return EMPTY_STATE;
  const conversations = data.conversations.map(readConversation).filter((c): c is Conversation => c !== undefined);
  const activeId = isString(data.activeId) && conversations.some((c) => c.id === data.activeId) ? data.activeId : null;
  return { conversations, activeId };
}

export function serializeState(state: ChatState): string {
  const conversations = [...state.conversations].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, MAX_CONVERSATIONS);
  return JSON.stringify({ conversations, activeId: state.activeId });
}

export function loadState(storage: Storage = localStorage): ChatState {
  try {
    return parseStoredState(storage.getItem(CONVERSATIONS_KEY));
  } catch {
    return EMPTY_STATE; // storage disabled (privacy mode): the chat still works, unsaved
  }
}

export function saveState(state: ChatState, storage: Storage = localStorage): void {
  try {
    storage.setItem(CONVERSATIONS_KEY, serializeState(state));
  } catch {
    // Quota exceeded or storage disabled: keep chatting; history just is not kept.
  }
}

export function loadToken(storage: Storage = localStorage): string | undefined {
  try {
    return storage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveToken(token: string | undefined, storage: Storage = localStorage): void {
  try {
    if (token) storage.setItem(TOKEN_KEY, token);
    else storage.removeItem(TOKEN_KEY);
  } catch {
    // Without storage the token lasts for this page only.
  }
}

export const ADMIN_TOKEN_KEY = "news-chat:admin-token";

/** The admin token (ADMIN_TOKEN) for uploads and deletes, when the server asks for one. */
export function loadAdminToken(storage: Storage = localStorage): string | undefined {
  try {
    return storage.getItem(ADMIN_TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveAdminToken(token: string | undefined, storage: Storage = localStorage): void {
  try {
    if (token) storage.setItem(ADMIN_TOKEN_KEY, token);
    else storage.removeItem(ADMIN_TOKEN_KEY);
  } catch {
    // Without storage the token lasts for this page only.
  }
}
