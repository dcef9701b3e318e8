import { useCallback } from 'react';
import { request } from '../lib/api';
import { actionLabel, auditActions, SUPPORT_NAME } from '../lib/auditActions';
import { Link, navigate, useLocation } from '../lib/router';
import { PAGE_SIZE, useConnection } from '../lib/useConnection';
import { useTitle } from '../lib/useTitle';
import { AuditLogQuery } from '../operations/audit';
import type { AuditEntry, Viewer } from '../types';
import { AdminsOnly } from '../components/Notice';
import { List } from '../components/List';
import { Time } from '../components/Time';
import './AuditLogPage.css';

/** The filter lives in the address (?action=…&key=…): links and Back keep it. */
type Filter = { action: string; key: string };

function useFilter(): [Filter, (f: Partial<Filter>) => void] {
  const { pathname, search } = useLocation();
  const params = new URLSearchParams(search);
  const filter = { action: params.get('action') ?? '', key: params.get('key') ?? '' };
  const set = (change: Partial<Filter>) => {
    const next = { ...filter, ...change };
    const q = new URLSearchParams();
    if (next.action) q.set('action', next.action);
    if (next.key) q.set('key', next.key);
    navigate(q.size ? `${pathname}?${q}` : pathname, { replace: true });
  };
  return [filter, set];
}

export function AuditLogPage({ viewer }: { viewer: Viewer }) {
  useTitle('Audit log');
  const [filter, setFilter] = useFilter();
  return (
    <>
      <header className="page-header">
        <h1>Audit log</h1>
        <p className="lede">Every change to your organisation’s API keys, webhooks and plan: who made it and when. Newest first.</p>
      </header>
      {viewer.role === 'ADMIN' ? (
        <section className="card" aria-labelledby="audit-title">
          <div className="card-header row">
            <h2 id="audit-title">Events</h2>
          </div>
          <AuditFilters filter={filter} onChange={setFilter} />
          {/* A new filter is a new list, loaded from its first page. */}
          <AuditEntries key={`${filter.action}|${filter.key}`} filter={filter} onKey={(key) => setFilter({ key })} />
        </section>
      ) : (
        <AdminsOnly what="view the audit log" />
      )}
    </>
  );
}

function AuditFilters({ filter, onChange }: { filter: Filter; onChange: (f: Partial<Filter>) => void }) {
  return (
    <div className="audit-filters">
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" value={filter.action} onChange={(e) => onChange({ action: e.target.value })}>
          <option value="">All actions</option>
          {auditActions.map(([action, label]) => (
            <option key={action} value={action}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {filter.key && (
        <p className="audit-key-filter">
          Showing one key’s entries.{' '}
          <button type="button" className="link-button" onClick={() => onChange({ key: '' })}>
            Show every key
          </button>
        </p>
      )}
    </div>
  );
}

function AuditEntries({ filter, onKey }: { filter: Filter; onKey: (id: string) => void }) {
  const fetchPage = useCallback(
    (after: string | null) =>
      request(AuditLogQuery, {
        first: PAGE_SIZE,
        after,
        filter: { actions: filter.action ? [filter.action] : null, apiKeyId: filter.key || null },
      }).then((d) => d.auditLog),
    [filter.action, filter.key],
  );
  const log = useConnection<AuditEntry>(fetchPage);
  const filtered = Boolean(filter.action || filter.key);
  return (
    <List
      list={log}
      noun={['event', 'events']}
      loading="Loading the audit log…"
      empty={<p className="empty">{filtered ? 'No events match this filter.' : 'Nothing here yet. Creating or revoking an API key adds an entry.'}</p>}
    >
      {(entries) => (
        <>
          <p className="muted audit-count" role="status">
            {log.totalCount.toLocaleString()} {log.totalCount === 1 ? 'event' : 'events'}
          </p>
          <ul className="audit-list" aria-label="Audit log">
            {entries.map((e) => (
              <AuditItem key={e.id} entry={e} keyFiltered={Boolean(filter.key)} onKey={onKey} />
            ))}
          </ul>
        </>
      )}
    </List>
  );
}

function AuditItem({ entry, keyFiltered, onKey }: { entry: AuditEntry; keyFiltered: boolean; onKey: (id: string) => void }) {
  const key = entry.apiKey;
  return (
    <li className="audit-entry">
      <p className="audit-what">
        <span className={`action action-${entry.action.replace(/[^a-z]/gi, '-')}`}>{actionLabel(entry.action)}</span>
        {key && (
          <>
            {' '}
            <Link to={`/settings/api-keys/${encodeURIComponent(key.id)}`}>{key.name}</Link> <code className="prefix">{key.prefix}…</code>
          </>
        )}
      </p>
      {entry.detail && <p className="audit-detail">{entry.detail}</p>}
      <p className="audit-meta">
        <span>by {entry.bySupport ? SUPPORT_NAME : entry.actorName}</span>
        <Time value={entry.createdAt} exact />
        {key && !keyFiltered && (
          <button type="button" className="link-button" onClick={() => onKey(key.id)}>
            Only {key.name}
          </button>
        )}
      </p>
    </li>
  );
}
