// A comparison as a table: one row per entity, its value as the source states
// it, and the chip of the passage it comes from.
import type { AnswerTable as Table, Citation } from "../../../server/protocol.js";
import { CitationChip } from "./answer-text.js";

interface AnswerTableProps {
  table: Table;
  citations: Citation[];
  onOpenCitation: (citation: Citation) => void;
}

export function AnswerTable({ table, citations, onOpenCitation }: AnswerTableProps) {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  return (
    <div className="answer-table">
      <table data-testid="answer-table">
        <thead>
          <tr>
            <th scope="col">{table.columns[0]}</th>
            <th scope="col">{table.columns[1]}</th>
            <th scope="col">来源</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={`${row.entity}-${row.citation}`} data-testid="answer-table-row">
              <th scope="row">{row.entity}</th>
              <td>{row.value}</td>
              <td>
                <CitationChip n={row.citation} citation={byNumber.get(row.citation)} onOpen={onOpenCitation} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
