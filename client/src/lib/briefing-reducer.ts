// The briefing panel's state: one briefing at a time, built from the server's
// briefing:* events. Pure, so the streaming rules are unit-tested: points
// arrive in order, a reset drops them (the model failed and the fallback starts
// over), done replaces everything with the checked result, and a title the
// user has edited survives the events that follow.
import type {
  Briefing,
  BriefingPoint,
  BriefingResult,
  Citation,
  SavedBriefing,
  SavedBriefingPoint,
  Scope,
} from "../../../server/protocol.js";

export type BriefingStatus = "idle" | "running" | "done" | "refused" | "error";

/** A point as shown: streamed ones have only text and citations; saved ones also an id (and edited marks). */
export type ShownPoint = BriefingPoint &
  Partial<Pick<SavedBriefingPoint, "id" | "edited" | "originalText" | "fromAnswerId">>;

export interface BriefingState {
  status: BriefingStatus;
  topic: string;
  scope?: Scope;
  /** Set once the briefing is saved on the server (and for one reopened from the sidebar). */
  savedId?: string;
  /** The title the server holds: a different `title` is an edit still to save. */
  savedTitle?: string;
  /** The request in flight (server id once acknowledged). */
  requestId?: string;
  title: string;
  titleEdited: boolean;
  points: ShownPoint[];
  citations: Citation[];
  figures: Briefing["figures"];
  mode?: Briefing["mode"];
  notice?: string;
  /** Refusal or error message. */
  message?: string;
}

export type BriefingAction =
  | { type: "request"; topic: string; scope?: Scope }
  | { type: "accepted"; requestId: string }
  | { type: "start"; requestId: string; title: string }
  | { type: "point"; requestId: string; index: number; point: BriefingPoint; citations: Citation[] }
  | { type: "reset"; requestId: string }
  | { type: "done"; requestId: string; result: BriefingResult }
  | { type: "error"; requestId?: string; message: string }
  | { type: "rename"; title: string }
  /** The server's copy after a save or an edit: it replaces the content (ids, renumbered citations). */
  | { type: "saved"; briefing: SavedBriefing }
  /** A saved briefing reopened from the sidebar. */
  | { type: "open"; briefing: SavedBriefing }
  /** The topic typed so far, kept across mode switches. */
  | { type: "topic"; topic: string };

export const INITIAL_BRIEFING: BriefingState = {
  status: "idle",
  topic: "",
  title: "",
  titleEdited: false,
  points: [],
  citations: [],
  figures: [],
};

function fromSaved(briefing: SavedBriefing): Partial<BriefingState> {
  return {
    savedId: briefing.id,
    savedTitle: briefing.title,
    title: briefing.title,
    topic: briefing.topic,
    points: briefing.points,
    citations: briefing.citations,
    figures: briefing.figures,
    mode: briefing.mode,
    notice: briefing.notice,
    ...(briefing.scope ? { scope: briefing.scope } : {}),
  };
}

export function briefingReducer(state: BriefingState, action: BriefingAction): BriefingState {
  if (action.type === "request") {
    const title = `关于“${action.topic}”的简报`;
    const scope = action.scope ? { scope: action.scope } : {};
    return { ...INITIAL_BRIEFING, status: "running", topic: action.topic, title, ...scope };
  }
  if (action.type === "topic") return state.status === "running" ? state : { ...state, topic: action.topic };
  if (action.type === "open") {
    return { ...INITIAL_BRIEFING, status: "done", titleEdited: true, ...fromSaved(action.briefing) };
  }
  if (action.type === "saved") {
    // A save that lands after another briefing was started or opened belongs to that other one.
    if (state.status !== "done" || (state.savedId !== undefined && state.savedId !== action.briefing.id)) return state;
    const keepTitle = state.title !== (state.savedTitle ?? action.briefing.title) ? { title: state.title } : {};
    return { ...state, ...fromSaved(action.briefing), ...keepTitle };
  }
  if (action.type === "rename") return { ...state, title: action.title, titleEdited: true };
  if (action.type === "accepted") return state.status === "running" ? { ...state, requestId: action.requestId } : state;
  // Events of an earlier request (or after an error) are ignored.
  if (action.requestId !== undefined && action.requestId !== state.requestId) return state;
  switch (action.type) {
    case "start":
      return state.titleEdited ? state : { ...state, title: action.title };
    case "point": {
      if (state.status !== "running") return state;
      const points = [...state.points];
      points[action.index] = action.point;
      const known = new Set(state.citations.map((citation) => citation.n));
      return {
        ...state,
        points,
        citations: [...state.citations, ...action.citations.filter((citation) => !known.has(citation.n))],
      };
    }
    case "reset":
      return { ...state, points: [], citations: [] };
    case "done": {
      const result = action.result;
      if (result.refused)
        return { ...state, status: "refused", message: result.message, points: [], citations: [], figures: [] };
      return {
        ...state,
        status: "done",
        title: state.titleEdited ? state.title : result.title,
        points: result.points,
        citations: result.citations,
        figures: result.figures,
        mode: result.mode,
        ...(result.notice ? { notice: result.notice } : {}),
      };
    }
    case "error":
      return { ...state, status: "error", message: action.message };
  }
}

/** The briefing as it stands (with the edited title), for export. */
export function currentBriefing(state: BriefingState): Briefing {
  const points = state.points.map(({ text, citations }) => ({ text, citations }));
  return {
    title: state.title.trim() || "简报",
    points,
    figures: state.figures,
    citations: state.citations,
    mode: state.mode ?? "extractive",
    ...(state.notice ? { notice: state.notice } : {}),
  };
}
