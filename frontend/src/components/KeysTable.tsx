import { keyStatus, isLive } from '../lib/keyStatus';
import { Link } from '../lib/router';
import type { ApiKey } from '../types';
import { KeyStatus } from './KeyStatus';
import { Time } from './Time';
import './KeysTable.css';

/**
 * The keys, one row each; where the list is narrower than the table (a
 * container query, so the side navigation counts) each row becomes a card.
 * Action buttons carry the key's name, so "Revoke Website inventory sync"
 * is what a screen reader announces.
 */
export function KeysTable({
  keys,
  apiAccess,
  onRevoke,
  now,
}: {
  keys: ApiKey[];
  apiAccess: boolean;
  onRevoke: (key: ApiKey) => void;
  now?: number;
}) {
  return (
    <div className="keys-table-wrap">
      <table className="keys-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const status = keyStatus(key, { apiAccess, now });
            return (
              <tr key={key.id} data-key-id={key.id} className={isLive(status) ? undefined : 'is-ended'}>
                <td className="key-cell">
                  <Link to={`/settings/api-keys/${encodeURIComponent(key.id)}`} className="key-name">
                    {key.name}
                  </Link>
                  <span className="key-meta">
                    <code className="prefix">{key.prefix}…</code> {key.scopes.join(', ')}
                  </span>
                  <span className="key-meta">{key.createdBy ? `Created by ${key.createdBy.name}` : 'Issued by ImportOps support'}</span>
                </td>
                <td data-label="Status">
                  <KeyStatus status={status} />
                </td>
                <td data-label="Expires">
                  <Time value={key.expiresAt} expiry />
                </td>
                <td data-label="Last used">{key.lastUsedAt ? <Time value={key.lastUsedAt} withTime /> : 'Never'}</td>
                <td className="key-actions">
                  {isLive(status) && (
                    <button type="button" className="button small danger-outline" aria-label={`Revoke ${key.name}`} onClick={() => onRevoke(key)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
