// The Word button in the header: the open conversation as a .docx in the official-document style.
import type { Conversation } from "../lib/chat-model.js";
import { downloadBlob } from "../lib/browser-actions.js";
import { conversationDocxBytes, conversationDocxFileName } from "../lib/conversation-docx.js";
import { WordFileIcon } from "./icons.js";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export function ConversationDocxButton({ conversation }: { conversation: Conversation | undefined }) {
  const exportDocx = async () => {
    if (!conversation) return;
    const now = new Date();
    const bytes = await conversationDocxBytes(conversation, now);
    downloadBlob(conversationDocxFileName(conversation, now), new Blob([bytes], { type: DOCX_TYPE }));
  };
  return (
    <button
      type="button"
      className="icon-button"
      data-testid="export-conversation-docx"
      aria-label="导出对话为 Word 文件"
      title="导出为 Word"
      disabled={!conversation}
      onClick={() => void exportDocx()}
    >
      <WordFileIcon />
    </button>
  );
}
