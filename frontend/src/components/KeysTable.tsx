import { Time } from './Time';
import { displayStatus, KeyStatus } from './KeyStatus';
import type { ApiKey } from '../types';

export function KeysTable({ keys, onRevoke, now }: { keys: ApiKey[]; onRevoke: (key: ApiKey) => void; now?: number }) {
  return (
    <div className="table-scroll" role="region" aria-label="API keys" tabIndex={0}>
      <table className="table keys-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key prefix</th>
            <th scope="col">Scopes</th>
            <th scope="col">Expiry date</th>
            <th scope="col">Last used</th>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const status = displayStatus(key, now);
            const nameId = `key-${key.id}-name`;
            return (
              <tr key={key.id} className={status === 'revoked' ? 'is-revoked' : status === 'expired' ? 'is-expired' : undefined}>
                <td data-label="Name">
                  <div>
                    <span className="key-name" id={nameId}>
                      {key.name}
                    </span>
                    <span className="key-meta">{key.createdBy ? `by ${key.createdBy.name}` : 'Issued by ImportOps support'}</span>
                  </div>
                </td>
                <td data-label="Key prefix">
                  <code className="prefix">{key.prefix}…</code>
                </td>
                <td data-label="Scopes">
                  <span className="scopes">
                    {key.scopes.map((s) => (
                      <code key={s} className="scope">
                        {s}
                      </code>
                    ))}
                  </span>
                </td>
                <td data-label="Expiry date">
                  <Time value={key.expiresAt} />
                </td>
                <td data-label="Last used">{key.lastUsedAt ? <Time value={key.lastUsedAt} /> : <span className="muted">Never</span>}</td>
                <td data-label="Created">
                  <Time value={key.createdAt} />
                </td>
                <td data-label="Status">
                  <KeyStatus apiKey={key} now={now} />
                </td>
                <td className="actions">
                  {status !== 'revoked' && status !== 'expired' && (
                    <button type="button" className="button small danger-outline" aria-describedby={nameId} onClick={() => onRevoke(key)}>
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
