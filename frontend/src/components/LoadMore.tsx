import type { ApiError } from '../lib/api';

export function LoadMore({
  shown,
  total,
  noun,
  hasNextPage,
  loading,
  error,
  onLoadMore,
}: {
  shown: number;
  total: number;
  noun: [string, string];
  hasNextPage: boolean;
  loading: boolean;
  error?: ApiError;
  onLoadMore: () => void;
}) {
  if (!hasNextPage && shown >= total) return null;
  return (
    <div className="load-more">
      <span className="muted">
        Showing {shown.toLocaleString()} of {total.toLocaleString()} {total === 1 ? noun[0] : noun[1]}
      </span>
      {hasNextPage && (
        <button type="button" className="button" onClick={onLoadMore} disabled={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}
