import { useCallback } from 'react';
import { request } from '../lib/api';
import { pluralize } from '../lib/format';
import { PAGE_SIZE, useConnection } from '../lib/useConnection';
import { useTitle } from '../lib/useTitle';
import { AuditLogQuery } from '../operations';
import type { AuditEntry, Viewer } from '../types';
import { AdminsOnly } from '../components/Notice';
import { LoadMore } from '../components/LoadMore';
import { Time } from '../components/Time';

const actions: Record<string, string> = {
  'api_key.created': 'created API key',
  'api_key.revoked': 'revoked API key',
};

export function AuditLogPage({ viewer }: { viewer: Viewer }) {
  useTitle('Audit log');
  return (
    <>
      <header className="page-header">
        <h1>Audit log</h1>
        <p className="lede">Who created and revoked your organisation’s API keys, and when. Newest first.</p>
      </header>
      {viewer.role === 'ADMIN' ? <AuditTable /> : <AdminsOnly what="view the audit log" />}
    </>
  );
}

function AuditTable() {
  const fetchPage = useCallback(
    (after: string | null) => request(AuditLogQuery, { first: PAGE_SIZE, after }).then((d) => d.auditLog),
    [],
  );
  const log = useConnection<AuditEntry>(fetchPage);

  return (
    <section className="card" aria-labelledby="audit-title">
      <div className="card-header row">
        <h2 id="audit-title">Events</h2>
        {log.status === 'ready' && log.totalCount > 0 && <span className="muted">{pluralize(log.totalCount, 'event', 'events')}</span>}
      </div>
      {log.status === 'loading' && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the audit log…
        </p>
      )}
      {log.status === 'error' && (
        <div className="alert alert-error" role="alert">
          {log.error?.message}{' '}
          <button type="button" className="link-button" onClick={log.reload}>
            Try again
          </button>
        </div>
      )}
      {log.status === 'ready' && log.items.length === 0 && (
        <p className="empty">Nothing here yet. Creating or revoking an API key adds an entry.</p>
      )}
      {log.status === 'ready' && log.items.length > 0 && (
        <>
          <div className="table-scroll" role="region" aria-label="Audit log" tabIndex={0}>
            <table className="table audit-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Key</th>
                </tr>
              </thead>
              <tbody>
                {log.items.map((entry) => (
                  <tr key={entry.id}>
                    <td data-label="Time">
                      <Time value={entry.createdAt} withTime />
                    </td>
                    <td data-label="Who">{entry.actorName}</td>
                    <td data-label="What">
                      <span className={`action action-${entry.action.replace(/[^a-z]/gi, '-')}`}>{actions[entry.action] ?? entry.action}</span>
                    </td>
                    <td data-label="Key">
                      {entry.apiKey ? (
                        <span className="key-ref">
                          <span className="key-name">{entry.apiKey.name}</span> <code className="prefix">{entry.apiKey.prefix}…</code>
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore
            shown={log.items.length}
            total={log.totalCount}
            noun={['event', 'events']}
            hasNextPage={log.hasNextPage}
            loading={log.loadingMore}
            error={log.loadMoreError}
            onLoadMore={log.loadMore}
          />
        </>
      )}
    </section>
  );
}
