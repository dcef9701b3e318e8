import type { ReactNode } from 'react';
import type { ApiError } from '../lib/api';
import { pluralize } from '../lib/format';
import './List.css';

/** The part of useConnection's result a list shows. */
export type ListState<T> = {
  items: T[];
  totalCount: number;
  hasNextPage: boolean;
  status: 'loading' | 'ready' | 'error';
  error?: ApiError;
  loadingMore: boolean;
  loadMoreError?: ApiError;
  reload: () => void;
  loadMore: () => void;
};

/**
 * One list shape for every paged list (keys, audit log, webhooks,
 * deliveries): a loading line, an error with "Try again", an empty message,
 * or the items followed by "Showing n of m" and "Load more".
 * `children` renders the items (a table, cards, a <ul>).
 */
export function List<T>({
  list,
  noun,
  loading,
  empty,
  children,
}: {
  list: ListState<T>;
  /** Singular and plural: ['key', 'keys']. */
  noun: [string, string];
  /** "Loading keys…" */
  loading: string;
  /** Shown when the list is ready and has no items. */
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (list.status === 'loading') {
    return (
      <p className="list-status" role="status">
        <span className="spinner" aria-hidden="true" /> {loading}
      </p>
    );
  }
  if (list.status === 'error') {
    return (
      <div className="alert alert-error" role="alert">
        {list.error?.message}{' '}
        <button type="button" className="link-button" onClick={list.reload}>
          Try again
        </button>
      </div>
    );
  }
  if (list.items.length === 0) return <div className="list-status">{empty}</div>;
  return (
    <>
      {children(list.items)}
      <LoadMore list={list} noun={noun} />
    </>
  );
}

function LoadMore<T>({ list, noun }: { list: ListState<T>; noun: [string, string] }) {
  const shown = list.items.length;
  if (!list.hasNextPage && shown >= list.totalCount) return null;
  return (
    <div className="list-more">
      <span className="muted">
        Showing {shown.toLocaleString()} of {pluralize(list.totalCount, noun[0], noun[1])}
      </span>
      {list.hasNextPage && (
        <button type="button" className="button" onClick={list.loadMore} disabled={list.loadingMore}>
          {list.loadingMore ? 'Loading…' : `Load more ${noun[1]}`}
        </button>
      )}
      {list.loadMoreError && (
        <p className="field-error" role="alert">
          {list.loadMoreError.message}
        </p>
      )}
    </div>
  );
}
