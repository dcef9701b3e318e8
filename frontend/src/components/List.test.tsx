import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api';
import { List, type ListState } from './List';

const base: ListState<{ id: string; name: string }> = {
  items: [],
  totalCount: 0,
  hasNextPage: false,
  status: 'ready',
  loadingMore: false,
  reload: () => {},
  loadMore: () => {},
};

function show(list: Partial<ListState<{ id: string; name: string }>>) {
  return render(
    <List list={{ ...base, ...list }} noun={['key', 'keys']} loading="Loading keys…" empty="No keys yet.">
      {(items) => (
        <ul>
          {items.map((i) => (
            <li key={i.id}>{i.name}</li>
          ))}
        </ul>
      )}
    </List>,
  );
}

describe('List', () => {
  it('says it is loading', () => {
    show({ status: 'loading' });
    expect(screen.getByRole('status')).toHaveTextContent('Loading keys…');
  });

  it('shows the error and retries', async () => {
    const reload = vi.fn();
    show({ status: 'error', error: new ApiError('ImportOps is unavailable.', 'UNAVAILABLE', 503), reload });
    expect(screen.getByRole('alert')).toHaveTextContent('ImportOps is unavailable.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(reload).toHaveBeenCalledOnce();
  });

  it('shows the empty message and no list', () => {
    show({});
    expect(screen.getByText('No keys yet.')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('renders the items, the count and loads more', async () => {
    const loadMore = vi.fn();
    show({ items: [{ id: '1', name: 'ERP' }], totalCount: 3, hasNextPage: true, loadMore });
    expect(screen.getByRole('listitem')).toHaveTextContent('ERP');
    expect(screen.getByText('Showing 1 of 3 keys')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more keys' }));
    expect(loadMore).toHaveBeenCalledOnce();
  });

  it('hides "Load more" when everything is shown', () => {
    show({ items: [{ id: '1', name: 'ERP' }], totalCount: 1 });
    expect(screen.queryByRole('button', { name: /load more/i })).not.toBeInTheDocument();
  });

  it('keeps the items when loading more fails', () => {
    show({ items: [{ id: '1', name: 'ERP' }], totalCount: 2, hasNextPage: true, loadMoreError: new ApiError('Timed out.', 'NETWORK', 0) });
    expect(screen.getByRole('alert')).toHaveTextContent('Timed out.');
    expect(screen.getByRole('listitem')).toHaveTextContent('ERP');
  });
});
