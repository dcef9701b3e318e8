import { useCallback, useEffect, useState } from 'react';
import { ApiError, request } from '../lib/api';
import { formatExpiryMoment, isDateOnlyExpiry } from '../lib/format';
import { isLive, keyStatus } from '../lib/keyStatus';
import { Link } from '../lib/router';
import { useTitle } from '../lib/useTitle';
import { KeyQuery } from '../operations';
import type { ApiKey, KeyDetails, Viewer } from '../types';
import { AllowedIps } from '../components/AllowedIps';
import { Time } from '../components/Time';
import { KeyAudit } from '../components/KeyAudit';
import { KeyStatus } from '../components/KeyStatus';
import { AdminsOnly } from '../components/Notice';
import { RenameKey } from '../components/RenameKey';
import { RevokeDialog } from '../components/RevokeDialog';
import { RotateDialog } from '../components/RotateDialog';
import { UsageChart } from '../components/UsageChart';
import { PlanNotice } from './ApiKeysPage';
import './ApiKeyDetailsPage.css';

type Load = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; key: KeyDetails | null };

export function ApiKeyDetailsPage({ viewer, params }: { viewer: Viewer; params: Record<string, string> }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  useTitle(load.status === 'ready' && load.key ? load.key.name : 'API key');

  const fetchKey = useCallback(() => {
    let current = true;
    request(KeyQuery, { id: params.id }).then(
      (d) => current && setLoad({ status: 'ready', key: d.key }),
      (e: unknown) =>
        current && setLoad({ status: 'error', error: e instanceof ApiError ? e : new ApiError('Loading the key failed.', 'INTERNAL', 0) }),
    );
    return () => {
      current = false;
    };
  }, [params.id]);
  useEffect(() => {
    if (viewer.role === 'ADMIN') return fetchKey();
  }, [fetchKey, viewer.role]);

  const back = (
    <p className="back">
      <Link to="/settings/api-keys">← All API keys</Link>
    </p>
  );
  if (viewer.role !== 'ADMIN') {
    return (
      <>
        {back}
        <h1>API key</h1>
        <AdminsOnly what="view API keys" />
      </>
    );
  }
  if (load.status === 'loading') {
    return (
      <>
        {back}
        <p className="list-status" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the key…
        </p>
      </>
    );
  }
  if (load.status === 'error' || !load.key) {
    return (
      <>
        {back}
        <h1>Key not found</h1>
        <div className="alert alert-error" role="alert">
          {load.status === 'error' ? load.error.message : 'Your organisation has no API key with this address. It may have been mistyped.'}{' '}
          {load.status === 'error' && (
            <button type="button" className="link-button" onClick={fetchKey}>
              Try again
            </button>
          )}
        </div>
      </>
    );
  }
  return (
    <>
      {back}
      <KeyView
        key={load.key.id}
        apiKey={load.key}
        viewer={viewer}
        onChange={(k) => setLoad({ status: 'ready', key: k })}
        onReload={fetchKey}
      />
    </>
  );
}

function KeyView({
  apiKey,
  viewer,
  onChange,
  onReload,
}: {
  apiKey: KeyDetails;
  viewer: Viewer;
  onChange: (k: KeyDetails) => void;
  onReload: () => void;
}) {
  const status = keyStatus(apiKey, { apiAccess: viewer.organization.apiAccess });
  const [renaming, setRenaming] = useState(false);
  const [dialog, setDialog] = useState<'rotate' | 'revoke' | null>(null);
  const [message, setMessage] = useState<{ text: string; unknown: boolean } | null>(null);
  const merge = (k: ApiKey) => onChange({ ...apiKey, ...k });
  const closed = (what: string) => (unknown: boolean) => {
    setDialog(null);
    if (!unknown) return;
    setMessage({ text: `The dialog was closed before ImportOps answered, so the key may or may not have been ${what}. It has been re-checked below.`, unknown: true });
    onReload();
  };

  return (
    <>
      <header className="page-header key-header">
        <div className="key-title">
          <h1>{apiKey.name}</h1>
          <KeyStatus status={status} />
        </div>
        <div className="key-buttons">
          <button type="button" className="button" onClick={() => setRenaming(true)} disabled={renaming}>
            Rename
          </button>
          {isLive(status) && status.kind !== 'rotating' && (
            <button type="button" className="button" onClick={() => setDialog('rotate')}>
              Rotate
            </button>
          )}
          {isLive(status) && (
            <button type="button" className="button danger-outline" onClick={() => setDialog('revoke')}>
              Revoke
            </button>
          )}
        </div>
      </header>
      {renaming && (
        <RenameKey
          apiKey={apiKey}
          onCancel={() => setRenaming(false)}
          onRenamed={(k) => {
            merge(k);
            setRenaming(false);
            setMessage({ text: `Renamed to “${k.name}”.`, unknown: false });
          }}
        />
      )}
      <PlanNotice viewer={viewer} />
      {message && (
        <div className={`alert ${message.unknown ? 'alert-warning' : 'alert-info'}`} role={message.unknown ? 'alert' : 'status'}>
          {message.text}
        </div>
      )}
      <Rotation apiKey={apiKey} />

      <section className="card" aria-labelledby="key-facts">
        <h2 id="key-facts" className="card-title">
          Details
        </h2>
        <KeyFacts apiKey={apiKey} />
      </section>

      <section className="card" aria-labelledby="key-usage">
        <h2 id="key-usage" className="card-title">
          Requests, last 30 days
        </h2>
        <UsageChart days={apiKey.usage} />
      </section>

      <section className="card" aria-labelledby="key-ips">
        <h2 id="key-ips" className="card-title">
          Where it may be used from
        </h2>
        <AllowedIps apiKey={apiKey} onSaved={(cidrs) => onChange({ ...apiKey, allowedIps: cidrs })} />
      </section>

      <section className="card" aria-labelledby="key-history">
        <h2 id="key-history" className="card-title">
          History
        </h2>
        <KeyAudit apiKeyId={apiKey.id} />
        <p className="history-more">
          <Link to={`/settings/audit-log?key=${encodeURIComponent(apiKey.id)}`}>Open this key’s entries in the audit log</Link>
        </p>
      </section>

      {dialog === 'rotate' && (
        <RotateDialog
          apiKey={apiKey}
          onClose={closed('rotated')}
          onRotated={({ previous }) => {
            merge(previous);
            setMessage({ text: 'Rotated. The new key is linked below; this key stops at the end of the overlap.', unknown: false });
          }}
        />
      )}
      {dialog === 'revoke' && (
        <RevokeDialog
          apiKey={apiKey}
          onClose={closed('revoked')}
          onRevoked={(k) => {
            merge(k);
            setDialog(null);
            setMessage({ text: `Revoked. Requests using “${k.name}” are now refused.`, unknown: false });
          }}
        />
      )}
    </>
  );
}

/** After a rotation the two keys point at each other. */
function Rotation({ apiKey }: { apiKey: KeyDetails }) {
  if (!apiKey.replacedBy && !apiKey.replaces) return null;
  return (
    <div className="rotation">
      {apiKey.replacedBy && (
        <p>
          Replaced by{' '}
          <Link to={`/settings/api-keys/${encodeURIComponent(apiKey.replacedBy.id)}`}>
            {apiKey.replacedBy.name} <code className="prefix">{apiKey.replacedBy.prefix}…</code>
          </Link>
          . {apiKey.lastUsedAt ? <>This key was last used <Time value={apiKey.lastUsedAt} exact />.</> : 'This key has not been used.'}
        </p>
      )}
      {apiKey.replaces && (
        <p>
          Replaces{' '}
          <Link to={`/settings/api-keys/${encodeURIComponent(apiKey.replaces.id)}`}>
            {apiKey.replaces.name} <code className="prefix">{apiKey.replaces.prefix}…</code>
          </Link>
          .
        </p>
      )}
    </div>
  );
}

function KeyFacts({ apiKey }: { apiKey: KeyDetails }) {
  return (
    <dl className="facts">
      <dt>Key prefix</dt>
      <dd>
        <code className="prefix">{apiKey.prefix}…</code>
      </dd>
      <dt>Scopes</dt>
      <dd>{apiKey.scopes.join(', ')}</dd>
      <dt>Created</dt>
      <dd>
        <Time value={apiKey.createdAt} exact />
        <span className="key-meta">
          {apiKey.createdBy ? `by ${apiKey.createdBy.name}` : 'Issued by ImportOps support'}
          {apiKey.replaces ? ', rotating the key it replaces' : ''}
        </span>
      </dd>
      <dt>Expires</dt>
      <dd>
        <Time value={apiKey.expiresAt} exact />
        {isDateOnlyExpiry(apiKey.expiresAt) && <span className="key-meta">the {formatExpiryMoment(apiKey.expiresAt)}, the day chosen</span>}
      </dd>
      {apiKey.revokedAt && (
        <>
          <dt>{new Date(apiKey.revokedAt).getTime() > Date.now() ? 'Stops' : 'Stopped'}</dt>
          <dd>
            <Time value={apiKey.revokedAt} exact />
          </dd>
        </>
      )}
      <dt>Last used</dt>
      <dd>
        {apiKey.lastUsedAt ? (
          <>
            <Time value={apiKey.lastUsedAt} exact />
            {apiKey.lastUsedIp && <span className="key-meta">from {apiKey.lastUsedIp}</span>}
            {apiKey.lastUsedUserAgent && <span className="key-meta">with {apiKey.lastUsedUserAgent}</span>}
          </>
        ) : (
          'Never'
        )}
      </dd>
    </dl>
  );
}
