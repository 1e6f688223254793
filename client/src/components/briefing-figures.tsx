// The briefing's 关键数据 table: each figure with its measure, its place, and a chip opening the
// passage that states it.
import type { Citation } from "../../../server/protocol.js";
import type { BriefingState } from "../lib/briefing-reducer.js";

interface FiguresTableProps {
  state: BriefingState;
  onOpenCitation: (citation: Citation) => void;
}

export function FiguresTable({ state, onOpenCitation }: FiguresTableProps) {
  const byNumber = new Map(state.citations.map((citation) => [citation.n, citation]));
  return (
    <section className="briefing-figures" aria-label="关键数据">
      <h2 className="briefing-heading">关键数据</h2>
      <div className="table-scroll">
        <table data-testid="briefing-figures">
          <thead>
            <tr>
              <th scope="col">数据</th>
              <th scope="col">指标</th>
              <th scope="col">地区</th>
              <th scope="col">来源</th>
            </tr>
          </thead>
          <tbody>
            {state.figures.map((figure, index) => {
              const citation = byNumber.get(figure.citation);
              return (
                <tr key={index} data-testid="briefing-figure">
                  <td className="figure-value">{figure.value}</td>
                  <td>{figure.label}</td>
                  <td>{figure.place ?? "—"}</td>
                  <td>
                    {citation ? (
                      <button
                        type="button"
                        className="chip"
                        data-testid="citation-chip"
                        data-n={figure.citation}
                        aria-label={`查看来源 ${figure.citation}：${citation.title}`}
                        onClick={() => onOpenCitation(citation)}
                      >
                        {figure.citation}
                      </button>
                    ) : (
                      figure.citation
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
