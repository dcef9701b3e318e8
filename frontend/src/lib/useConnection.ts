import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api';

export type Page<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
};

export const PAGE_SIZE = 20;

type State<T> = {
  items: T[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
  status: 'loading' | 'ready' | 'error';
  error?: ApiError;
  loadingMore: boolean;
  loadMoreError?: ApiError;
};

const asApiError = (e: unknown) =>
  e instanceof ApiError ? e : new ApiError('Something went wrong. Try again in a moment.', 'INTERNAL', 0);

/**
 * A Relay-style connection read page by page ("Load more"): the first page
 * on mount, the next one after endCursor on demand. Items can be updated or
 * added in place after a mutation, so a row changes at once.
 */
export function useConnection<T extends { id: string }>(fetchPage: (after: string | null) => Promise<Page<T>>, enabled = true) {
  const [state, setState] = useState<State<T>>({
    items: [],
    totalCount: 0,
    hasNextPage: false,
    endCursor: null,
    status: 'loading',
    loadingMore: false,
  });
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const stateRef = useRef(state);
  stateRef.current = state;

  const reload = useCallback(() => {
    let cancelled = false;
    setState((s) => ({ ...s, status: 'loading', error: undefined }));
    fetchRef.current(null).then(
      (page) => {
        if (cancelled) return;
        setState({
          items: page.edges.map((e) => e.node),
          totalCount: page.totalCount,
          hasNextPage: page.pageInfo.hasNextPage,
          endCursor: page.pageInfo.endCursor,
          status: 'ready',
          loadingMore: false,
        });
      },
      (e: unknown) => {
        if (!cancelled) setState((s) => ({ ...s, status: 'error', error: asApiError(e) }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (enabled) return reload();
  }, [enabled, reload]);

  const loadMore = useCallback(async () => {
    const { endCursor, loadingMore } = stateRef.current;
    if (loadingMore) return;
    setState((s) => ({ ...s, loadingMore: true, loadMoreError: undefined }));
    try {
      const page = await fetchRef.current(endCursor);
      setState((s) => {
        const seen = new Set(s.items.map((i) => i.id));
        return {
          ...s,
          items: [...s.items, ...page.edges.map((e) => e.node).filter((n) => !seen.has(n.id))],
          totalCount: page.totalCount,
          hasNextPage: page.pageInfo.hasNextPage,
          endCursor: page.pageInfo.endCursor,
          loadingMore: false,
        };
      });
    } catch (e) {
      setState((s) => ({ ...s, loadingMore: false, loadMoreError: asApiError(e) }));
    }
  }, []);

  const replace = useCallback((item: T) => {
    setState((s) => ({ ...s, items: s.items.map((i) => (i.id === item.id ? item : i)) }));
  }, []);

  const prepend = useCallback((item: T) => {
    setState((s) =>
      s.items.some((i) => i.id === item.id)
        ? s
        : { ...s, items: [item, ...s.items], totalCount: s.totalCount + 1 },
    );
  }, []);

  return { ...state, reload, loadMore, replace, prepend };
}
