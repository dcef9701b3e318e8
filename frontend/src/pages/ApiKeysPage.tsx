import { useCallback, useEffect, useState } from 'react';
import { request } from '../lib/api';
import { PAGE_SIZE, useConnection } from '../lib/useConnection';
import { useTitle } from '../lib/useTitle';
import { KeyPolicyQuery, KeysQuery } from '../operations';
import type { ApiKey, Viewer } from '../types';
import { AdminsOnly, Notice } from '../components/Notice';
import { KeyFilters, type StatusCounts, type StatusFilter } from '../components/KeyFilters';
import { KeyPolicy } from '../components/KeyPolicy';
import { KeysHelp } from '../components/KeysHelp';
import { KeysTable } from '../components/KeysTable';
import { List } from '../components/List';
import { NewKeyDialog, type NewKeyOutcome } from '../components/NewKeyDialog';
import { RevokeDialog } from '../components/RevokeDialog';
import { useDebounced } from '../lib/useDebounced';
import './ApiKeysPage.css';

export function ApiKeysPage({ viewer }: { viewer: Viewer }) {
  useTitle('API keys');
  if (viewer.role !== 'ADMIN') {
    return (
      <>
        <header className="page-header">
          <h1>API keys</h1>
        </header>
        <AdminsOnly what="manage API keys" />
      </>
    );
  }
  return <ManageKeys viewer={viewer} />;
}

/** The plan's explanation, shown before anything else when it lacks API access. */
export function PlanNotice({ viewer }: { viewer: Viewer }) {
  if (viewer.organization.apiAccess) return null;
  return (
    <Notice tone="warning" title="Your keys are paused: API access is part of the Pro plan.">
      <p>
        Your organisation is on the {viewer.organization.plan === 'CORE' ? 'Core' : viewer.organization.plan} plan. Requests with its keys
        are refused, and new keys cannot be created, until it is on Pro. The keys are kept and work again after an upgrade.
      </p>
    </Notice>
  );
}

function ManageKeys({ viewer }: { viewer: Viewer }) {
  const apiAccess = viewer.organization.apiAccess;
  const [status, setStatus] = useState<StatusFilter>('ACTIVE');
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 250);
  const [counts, setCounts] = useState<StatusCounts | null>(null);
  const fetchPage = useCallback(
    (after: string | null) =>
      request(KeysQuery, {
        first: PAGE_SIZE,
        after,
        search: query,
        filter: { search: query, ...(status === 'ALL' ? {} : { status: [status] }) },
      }).then((d) => {
        setCounts({ ACTIVE: d.active.totalCount, REVOKED: d.revoked.totalCount, EXPIRED: d.expired.totalCount });
        return d.keys;
      }),
    [status, query],
  );
  const keys = useConnection<ApiKey>(fetchPage, false);
  const { reload } = keys;
  useEffect(() => reload(), [fetchPage, reload]);

  const [policy, setPolicy] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    request(KeyPolicyQuery).then(
      (d) => setPolicy(d.viewer?.organization.maxKeyLifetimeDays ?? null),
      () => setPolicy(null),
    );
  }, []);

  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: 'status' | 'unknown' } | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);

  // After a revoke the row stays (labelled Revoked): focus goes back to it.
  useEffect(() => {
    if (!focusKey) return;
    document.querySelector<HTMLElement>(`[data-key-id="${CSS.escape(focusKey)}"] .key-name`)?.focus();
    setFocusKey(null);
  }, [focusKey]);

  // A create or revoke moves one key between the counts at once.
  const count = (from: keyof StatusCounts | null, to: keyof StatusCounts | null) =>
    setCounts((c) => c && { ...c, ...(from ? { [from]: c[from] - 1 } : {}), ...(to ? { [to]: c[to] + 1 } : {}) });

  const unknownOutcome = (what: string) => {
    setMessage({ tone: 'unknown', text: `${what} The list has been re-checked: look for the key below.` });
    reload();
  };

  function onNewKeyClosed(outcome: NewKeyOutcome) {
    setCreating(false);
    if (outcome && 'unknown' in outcome) unknownOutcome('The dialog was closed before ImportOps answered, so the key may or may not have been created. If it was, its token was not shown: revoke it and create another.');
    if (outcome && 'created' in outcome) setFocusKey(outcome.created.id);
  }

  return (
    <>
      <header className="page-header keys-header">
        <h1>API keys</h1>
        <button type="button" className="button primary" onClick={() => setCreating(true)} disabled={!apiAccess}>
          New key
        </button>
      </header>
      <PlanNotice viewer={viewer} />
      <KeysHelp />

      {message?.tone === 'unknown' && (
        <div className="alert alert-warning" role="alert">
          {message.text}{' '}
          <button type="button" className="link-button" onClick={() => setMessage(null)}>
            Dismiss
          </button>
        </div>
      )}
      {/* Always in the document, so screen readers announce what appears in it. */}
      <div role="status">{message?.tone === 'status' && <p className="alert alert-info">{message.text}</p>}</div>

      <section className="card keys" aria-labelledby="keys-title">
        <h2 id="keys-title" className="sr-only">
          Keys
        </h2>
        <KeyFilters search={search} onSearch={setSearch} status={status} onStatus={setStatus} counts={counts} />
        <List
          list={keys}
          noun={['key', 'keys']}
          loading="Loading keys…"
          empty={<EmptyKeys searching={query !== ''} status={status} apiAccess={apiAccess} />}
        >
          {(items) => <KeysTable keys={items} apiAccess={apiAccess} onRevoke={setRevoking} />}
        </List>
      </section>

      <section className="card" aria-labelledby="policy-title">
        <div className="card-header">
          <h2 id="policy-title">Key policy</h2>
        </div>
        {policy !== undefined && <KeyPolicy maxLifetimeDays={policy} onSaved={setPolicy} />}
      </section>

      {creating && (
        <NewKeyDialog
          maxLifetimeDays={policy ?? null}
          onCreated={(key) => {
            keys.prepend(key);
            count(null, 'ACTIVE');
          }}
          onClose={onNewKeyClosed}
        />
      )}
      {revoking && (
        <RevokeDialog
          apiKey={revoking}
          onClose={(unknown) => {
            setRevoking(null);
            if (unknown) unknownOutcome(`The dialog was closed before ImportOps answered, so “${revoking.name}” may or may not be revoked.`);
          }}
          onRevoked={(key) => {
            keys.replace(key);
            count('ACTIVE', 'REVOKED');
            setRevoking(null);
            setMessage({ tone: 'status', text: `Revoked “${key.name}”. Requests using it are now refused.` });
            setFocusKey(key.id);
          }}
        />
      )}
    </>
  );
}

function EmptyKeys({ searching, status, apiAccess }: { searching: boolean; status: StatusFilter; apiAccess: boolean }) {
  if (searching) return <p>No keys match your search.</p>;
  if (status === 'REVOKED') return <p>No revoked keys.</p>;
  if (status === 'EXPIRED') return <p>No expired keys.</p>;
  if (status === 'ACTIVE') return <p>No active keys. {apiAccess ? 'Use New key to create one for your first integration.' : ''}</p>;
  return <p>No API keys yet.</p>;
}
