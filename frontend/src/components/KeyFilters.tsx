import { useId } from 'react';
import './KeyFilters.css';

export type StatusFilter = 'ACTIVE' | 'REVOKED' | 'EXPIRED' | 'ALL';
export type StatusCounts = Record<Exclude<StatusFilter, 'ALL'>, number>;

const choices: { value: StatusFilter; label: string }[] = [
  { value: 'ACTIVE', label: 'Active' },
  { value: 'REVOKED', label: 'Revoked' },
  { value: 'EXPIRED', label: 'Expired' },
  { value: 'ALL', label: 'All' },
];

/** The keys list's search box and status choice. Counts follow the search. */
export function KeyFilters({
  search,
  onSearch,
  status,
  onStatus,
  counts,
}: {
  search: string;
  onSearch: (s: string) => void;
  status: StatusFilter;
  onStatus: (s: StatusFilter) => void;
  counts: StatusCounts | null;
}) {
  const id = useId();
  const count = (v: StatusFilter) => {
    if (!counts) return null;
    return v === 'ALL' ? counts.ACTIVE + counts.REVOKED + counts.EXPIRED : counts[v];
  };
  return (
    <div className="key-filters">
      <div className="key-search">
        <label htmlFor={`${id}-search`}>Search keys</label>
        <input
          id={`${id}-search`}
          type="search"
          value={search}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-search-hint`}
          onChange={(e) => onSearch(e.target.value)}
        />
        <span className="hint" id={`${id}-search-hint`}>
          Part of a name, or a prefix or token from a log
        </span>
      </div>
      <fieldset className="status-filter">
        <legend>Status</legend>
        <div className="segmented">
          {choices.map((c) => (
            <label key={c.value}>
              <input type="radio" name={`${id}-status`} value={c.value} checked={status === c.value} onChange={() => onStatus(c.value)} />
              <span>{count(c.value) === null ? c.label : `${c.label} (${count(c.value)})`}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
