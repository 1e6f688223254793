// The scrolling list of turns. It follows the streaming answer only while the
// reader is at the bottom, so scrolling up to read is never fought.
import { useEffect, useLayoutEffect, useRef } from "react";
import type { Citation } from "../../../server/protocol.js";
import type { Conversation } from "../lib/chat-model.js";
import { TurnView } from "./turn-view.js";

interface ThreadProps {
  conversation: Conversation;
  activeCitationKey?: string;
  onOpenCitation: (citation: Citation) => void;
  onRetry: (turnId: string) => void;
  onDiscard: (turnId: string) => void;
  onHoldRetry: (turnId: string) => void;
}

/** Within this distance of the bottom the view keeps following new text. */
const STICK_PX = 80;

export function Thread({
  conversation,
  activeCitationKey,
  onOpenCitation,
  onRetry,
  onDiscard,
  onHoldRetry,
}: ThreadProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);

  // A different conversation opens at its end.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element) element.scrollTop = element.scrollHeight;
    stuck.current = true;
  }, [conversation.id]);

  // A new question scrolls to the end; streaming text only when already there.
  const turnCount = conversation.turns.length;
  useLayoutEffect(() => {
    stuck.current = true;
  }, [turnCount]);
  useEffect(() => {
    const element = scrollRef.current;
    if (element && stuck.current) element.scrollTop = element.scrollHeight;
  });

  return (
    <div
      className="thread"
      ref={scrollRef}
      data-testid="thread"
      onScroll={(event) => {
        const element = event.currentTarget;
        stuck.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_PX;
      }}
    >
      <div className="thread-inner">
        {conversation.turns.map((turn) => (
          <TurnView
            key={turn.id}
            turn={turn}
            activeCitationKey={activeCitationKey}
            onOpenCitation={onOpenCitation}
            onRetry={onRetry}
            onDiscard={onDiscard}
            onHoldRetry={onHoldRetry}
          />
        ))}
      </div>
    </div>
  );
}
