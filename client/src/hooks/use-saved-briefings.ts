// Saved briefings: every finished briefing is saved on the server and listed in
// the sidebar; a saved one reopens, its title and points are edited in place
// (each edit saved at once), and a chat answer can be added to it.
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { SavedBriefing, SavedBriefingSummary } from "../../../server/protocol.js";
import { currentBriefing, type BriefingState } from "../lib/briefing-reducer.js";
import {
  addAnswerToBriefing,
  deleteSavedBriefing,
  editSavedBriefing,
  fetchSavedBriefing,
  listSavedBriefings,
  saveBriefing,
} from "../net/tools-api.js";
import type { BriefingController } from "./use-briefing.js";
import { useLatest } from "./use-latest.js";

const TITLE_SAVE_DELAY_MS = 600;

export interface SavedBriefings {
  briefings: SavedBriefingSummary[];
  /** Why the last save or edit failed, for the briefing view. */
  error: string | undefined;
  open: (id: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
  /** Keep, order and rewrite the open briefing's points (by id). */
  editPoints: (points: Array<{ id: string; text: string }>) => Promise<void>;
  addAnswer: (answerId: string, question: string) => Promise<string>;
  /** The briefing "加入简报" adds to: the open one, else the most recently edited one. */
  target: { id: string; title: string } | undefined;
}

const message = (error: unknown) => (error instanceof Error ? error.message : "简报没有保存，请重试。");

export function useSavedBriefings(
  token: string | undefined,
  briefing: BriefingController,
  connected: boolean,
): SavedBriefings {
  const [error, setError] = useState<string>();
  const stateRef = useLatest(briefing.state);
  const { dispatch, state } = briefing;
  const { briefings, refresh } = useSavedList(token, connected);

  const applySaved = useCallback(
    (saved: SavedBriefing) => {
      dispatch({ type: "saved", briefing: saved });
      setError(undefined);
      void refresh();
    },
    [dispatch, refresh],
  );

  useAutoSave(briefing.state, token, applySaved, setError);

  const open = useCallback(
    async (id: string) => {
      dispatch({ type: "open", briefing: await fetchSavedBriefing(id, token) });
    },
    [dispatch, token],
  );

  const remove = useCallback(
    async (id: string) => {
      await deleteSavedBriefing(id, token);
      await refresh();
    },
    [token, refresh],
  );

  const editPoints = useCallback(
    async (points: Array<{ id: string; text: string }>) => {
      const { savedId, title } = stateRef.current;
      if (!savedId) return;
      try {
        applySaved(await editSavedBriefing(savedId, { title: title.trim() || "简报", points }, token));
      } catch (failure) {
        setError(message(failure));
      }
    },
    [stateRef, token, applySaved],
  );

  const target = state.savedId
    ? { id: state.savedId, title: state.title }
    : briefings[0] && { id: briefings[0].id, title: briefings[0].title };

  const addAnswer = useAddAnswer(target?.id, token, { stateRef, dispatch, refresh });

  return { briefings, error, open, remove, editPoints, addAnswer, target };
}

/** The saved briefings' list, read again whenever the socket (re)connects. */
function useSavedList(token: string | undefined, connected: boolean) {
  const [briefings, setBriefings] = useState<SavedBriefingSummary[]>([]);
  const refresh = useCallback(() => listSavedBriefings(token).then(setBriefings, () => undefined), [token]);
  useEffect(() => {
    if (connected) void refresh();
  }, [connected, refresh]);
  return { briefings, refresh };
}

interface AddAnswerDeps {
  stateRef: RefObject<BriefingState>;
  dispatch: BriefingController["dispatch"];
  refresh: () => Promise<void>;
}

/**
 * Adds a chat answer to the target briefing, first saving an empty one named after the question when there
 * is none yet; the open briefing shows the addition at once.
 */
function useAddAnswer(
  targetId: string | undefined,
  token: string | undefined,
  { stateRef, dispatch, refresh }: AddAnswerDeps,
): SavedBriefings["addAnswer"] {
  return useCallback(
    async (answerId: string, question: string) => {
      let id = targetId;
      if (!id) {
        const empty = {
          title: `关于“${question.slice(0, 40)}”的简报`,
          points: [],
          figures: [],
          citations: [],
          mode: "extractive" as const,
        };
        id = (await saveBriefing(question.slice(0, 200), undefined, empty, token)).id;
      }
      const saved = await addAnswerToBriefing(id, answerId, token);
      if (stateRef.current.savedId === saved.id) dispatch({ type: "saved", briefing: saved });
      await refresh();
      return saved.title;
    },
    [targetId, token, stateRef, dispatch, refresh],
  );
}

/**
 * Saves each briefing once it is finished (a later briefing's save never lands on this one), and a
 * renamed title shortly after the typing stops.
 */
function useAutoSave(
  state: BriefingState,
  token: string | undefined,
  applySaved: (saved: SavedBriefing) => void,
  setError: (message: string) => void,
): void {
  const stateRef = useLatest(state);
  const saving = useRef<string | undefined>(undefined);
  useEffect(() => {
    const { status, savedId, requestId, points, topic, scope } = state;
    if (status !== "done" || savedId || !requestId || points.length === 0 || saving.current === requestId) return;
    saving.current = requestId;
    saveBriefing(topic, scope, currentBriefing(state), token).then(
      (saved) => stateRef.current.requestId === requestId && applySaved(saved),
      (failure: unknown) => setError(message(failure)),
    );
  }, [state, token, applySaved, stateRef, setError]);

  useEffect(() => {
    const { savedId, title, savedTitle, points } = state;
    if (!savedId || title.trim() === "" || title === savedTitle) return;
    const timer = setTimeout(() => {
      const kept = points.flatMap((point) => (point.id ? [{ id: point.id, text: point.text }] : []));
      editSavedBriefing(savedId, { title: title.trim(), points: kept }, token).then(applySaved, (failure: unknown) =>
        setError(message(failure)),
      );
    }, TITLE_SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state, token, applySaved, setError]);
}
