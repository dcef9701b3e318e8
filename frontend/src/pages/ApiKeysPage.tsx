import { useCallback, useEffect, useRef, useState } from 'react';
import { request } from '../lib/api';
import { pluralize } from '../lib/format';
import { Link } from '../lib/router';
import { PAGE_SIZE, useConnection } from '../lib/useConnection';
import { useTitle } from '../lib/useTitle';
import { KeysQuery } from '../operations';
import type { CreateApiKeyMutation } from '../gql/graphql';
import type { ApiKey, Viewer } from '../types';
import { AdminsOnly, Notice } from '../components/Notice';
import { CreateKeyForm } from '../components/CreateKeyForm';
import { CreatedKeyPanel } from '../components/CreatedKeyPanel';
import { KeysTable } from '../components/KeysTable';
import { RevokeDialog } from '../components/RevokeDialog';
import { LoadMore } from '../components/LoadMore';

export function ApiKeysPage({ viewer }: { viewer: Viewer }) {
  useTitle('API keys');
  const isAdmin = viewer.role === 'ADMIN';
  return (
    <>
      <header className="page-header">
        <h1>API keys</h1>
        <p className="lede">
          API keys let other tools, such as your website or ERP, read your organisation’s vehicle records without a team member
          signing in. Each request sends the key in the <code>Authorization</code> header.
        </p>
      </header>
      {isAdmin ? <ManageKeys viewer={viewer} /> : <AdminsOnly what="manage API keys" />}
    </>
  );
}

function ManageKeys({ viewer }: { viewer: Viewer }) {
  const apiAccess = viewer.organization.apiAccess;
  const fetchPage = useCallback(
    (after: string | null) => request(KeysQuery, { first: PAGE_SIZE, after }).then((d) => d.keys),
    [],
  );
  const keys = useConnection<ApiKey>(fetchPage);
  const [created, setCreated] = useState<CreateApiKeyMutation['createApiKey'] | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusKeys, setFocusKeys] = useState(0);
  const keysHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (focusKeys) keysHeading.current?.focus();
  }, [focusKeys]);

  return (
    <>
      <aside className="advice" aria-label="Good practice">
        <h2>Good practice</h2>
        <ul>
          <li>
            <strong>One key per integration</strong>, named after where it is used, so you can revoke one without breaking the others.
          </li>
          <li>
            <strong>Choose the shortest expiry that fits.</strong> A key that has expired cannot leak.
          </li>
          <li>
            <strong>Rotate keys when people change</strong>: when someone who has seen a key leaves or changes role, create a
            replacement and revoke the old key.
          </li>
          <li>
            <strong>Read the <Link to="/settings/audit-log">audit log</Link></strong> from time to time to see who created and
            revoked keys.
          </li>
        </ul>
      </aside>

      {!apiAccess && (
        <Notice tone="warning" title="API access is part of the Pro plan.">
          <p>
            Your organisation is on the {viewer.organization.plan === 'CORE' ? 'Core' : viewer.organization.plan} plan, which does not
            include API keys. Upgrade to Pro to create keys and connect your tools.
          </p>
        </Notice>
      )}

      {created ? (
        <CreatedKeyPanel
          token={created.token}
          apiKey={created.apiKey}
          onDone={() => {
            setCreated(null);
            setFocusKeys((n) => n + 1);
          }}
        />
      ) : (
        <CreateKeyForm
          disabled={!apiAccess}
          onCreated={(c) => {
            keys.prepend(c.apiKey);
            setCreated(c);
          }}
        />
      )}

      <section className="card keys" aria-labelledby="keys-title">
        <div className="card-header row">
          <h2 id="keys-title" tabIndex={-1} ref={keysHeading}>
            Keys
          </h2>
          {keys.status === 'ready' && keys.totalCount > 0 && <span className="muted">{pluralize(keys.totalCount, 'key', 'keys')}</span>}
        </div>
        {keys.status === 'loading' && (
          <p className="loading" role="status">
            <span className="spinner" aria-hidden="true" /> Loading keys…
          </p>
        )}
        {keys.status === 'error' && (
          <div className="alert alert-error" role="alert">
            {keys.error?.message}{' '}
            <button type="button" className="link-button" onClick={keys.reload}>
              Try again
            </button>
          </div>
        )}
        {keys.status === 'ready' && keys.items.length === 0 && (
          <p className="empty">No API keys yet. {apiAccess ? 'Create one above for your first integration.' : ''}</p>
        )}
        {keys.status === 'ready' && keys.items.length > 0 && (
          <>
            <KeysTable keys={keys.items} onRevoke={setRevoking} />
            <LoadMore
              shown={keys.items.length}
              total={keys.totalCount}
              noun={['key', 'keys']}
              hasNextPage={keys.hasNextPage}
              loading={keys.loadingMore}
              error={keys.loadMoreError}
              onLoadMore={keys.loadMore}
            />
          </>
        )}
      </section>

      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>

      {revoking && (
        <RevokeDialog
          apiKey={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={(key) => {
            keys.replace(key);
            setRevoking(null);
            setAnnouncement(`Revoked “${key.name}”. Requests using it are now refused.`);
            setFocusKeys((n) => n + 1);
          }}
        />
      )}
    </>
  );
}
