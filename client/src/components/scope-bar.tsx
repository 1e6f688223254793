// The scope above the composer (and the briefing form): one removable chip per
// limit, and a picker with the corpus's provinces and source files. Questions
// and briefings asked while a chip is shown only draw on those articles.
import { useEffect, useRef, useState, type RefObject } from "react";
import type { ScopeController } from "../hooks/use-scope.js";
import { CloseIcon, PlusIcon } from "./icons.js";

export function ScopeBar({ scope }: { scope: ScopeController }) {
  const [picking, setPicking] = useState(false);
  const titleOf = (source: string) =>
    scope.options?.sources.find((option) => option.source === source)?.title ?? source.split("/").pop() ?? source;
  const chips: Array<{ key: string; label: string; remove: () => void }> = [
    ...(scope.scope.province
      ? [{ key: "province", label: `地区：${scope.scope.province}`, remove: () => scope.setProvince(undefined) }]
      : []),
    ...(scope.scope.docId
      ? [
          {
            key: "doc",
            label: `文章：${scope.docTitle ?? scope.scope.docId}`,
            remove: () => scope.setArticle(undefined),
          },
        ]
      : []),
    ...(scope.scope.sources ?? []).map((source) => ({
      key: source,
      label: `来源：${titleOf(source)}`,
      remove: () => scope.toggleSource(source),
    })),
  ];
  return (
    <div className="scope-bar" data-testid="scope-bar">
      {chips.map((chip) => (
        <span key={chip.key} className="scope-chip" data-testid="scope-chip">
          <span className="scope-chip-label">{chip.label}</span>
          <button
            type="button"
            className="scope-chip-remove"
            aria-label={`取消限定 ${chip.label}`}
            data-testid="scope-chip-remove"
            onClick={chip.remove}
          >
            <CloseIcon size={13} />
          </button>
        </span>
      ))}
      <button
        type="button"
        className="scope-add"
        data-testid="scope-add"
        aria-expanded={picking}
        onClick={() => setPicking((open) => !open)}
      >
        <PlusIcon size={14} /> {chips.length === 0 ? "限定范围" : "范围"}
      </button>
      {picking && <ScopePicker scope={scope} onClose={() => setPicking(false)} />}
    </div>
  );
}

function ScopePicker({ scope, onClose }: { scope: ScopeController; onClose: () => void }) {
  const panelRef = useRef<HTMLDivElement>(null);
  useDismissOutside(panelRef, onClose);
  const { options } = scope;
  return (
    <div className="scope-picker" ref={panelRef} role="dialog" aria-label="限定提问范围" data-testid="scope-picker">
      {!options && <p className="scope-picker-empty">正在读取可选范围…</p>}
      {options && (
        <>
          <h3 className="scope-picker-heading">地区</h3>
          <ProvinceOptions scope={scope} provinces={options.provinces} />
          <h3 className="scope-picker-heading">来源</h3>
          <SourceOptions scope={scope} sources={options.sources} />
        </>
      )}
      <div className="scope-picker-foot">
        <button type="button" className="text-button" onClick={scope.clear}>
          不限范围
        </button>
        <button type="button" className="text-button primary" onClick={onClose}>
          完成
        </button>
      </div>
    </div>
  );
}

/** Escape, or a press outside the panel (the button that toggles it aside), closes it. */
function useDismissOutside(panelRef: RefObject<HTMLDivElement | null>, onClose: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    const onPointer = (event: PointerEvent) => {
      const target = event.target;
      if (
        target instanceof Node &&
        !panelRef.current?.contains(target) &&
        !(target instanceof Element && target.closest(".scope-add"))
      )
        onClose();
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("pointerdown", onPointer);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("pointerdown", onPointer);
    };
  }, [panelRef, onClose]);
}

type ScopeOptions = NonNullable<ScopeController["options"]>;

/** One button per province; pressing the selected one again lifts the limit. */
function ProvinceOptions({ scope, provinces }: { scope: ScopeController; provinces: ScopeOptions["provinces"] }) {
  return (
    <div className="scope-options">
      {provinces.map(({ province, articles }) => (
        <button
          key={province}
          type="button"
          className={`scope-option${scope.scope.province === province ? " is-selected" : ""}`}
          data-testid="scope-province"
          aria-pressed={scope.scope.province === province}
          onClick={() => scope.setProvince(scope.scope.province === province ? undefined : province)}
        >
          {province} <span className="scope-count">{articles} 篇</span>
        </button>
      ))}
    </div>
  );
}

/** One checkbox per source file, any number ticked. */
function SourceOptions({ scope, sources }: { scope: ScopeController; sources: ScopeOptions["sources"] }) {
  return (
    <ul className="scope-sources">
      {sources.map((source) => (
        <li key={source.source}>
          <label className="scope-source">
            <input
              type="checkbox"
              data-testid="scope-source"
              checked={scope.scope.sources?.includes(source.source) ?? false}
              onChange={() => scope.toggleSource(source.source)}
            />
            <span className="scope-source-title">{source.title}</span>
            <span className="scope-count">
              {source.sourceName !== source.title && `${source.sourceName} · `}
              {source.articles} 篇
            </span>
          </label>
        </li>
      ))}
    </ul>
  );
}
