import { useCallback } from 'react';
import { request } from '../lib/api';
import { PAGE_SIZE, useConnection } from '../lib/useConnection';
import { KeyAuditQuery } from '../operations';
import type { KeyAuditEntry } from '../types';
import { List } from './List';
import { Time } from './Time';
import { actionLabel, SUPPORT_NAME } from '../lib/auditActions';

/** The audit entries about one key, newest first. */
export function KeyAudit({ apiKeyId }: { apiKeyId: string }) {
  const fetchPage = useCallback(
    (after: string | null) => request(KeyAuditQuery, { first: PAGE_SIZE, after, apiKeyId }).then((d) => d.auditLog),
    [apiKeyId],
  );
  const log = useConnection<KeyAuditEntry>(fetchPage);
  return (
    <List list={log} noun={['entry', 'entries']} loading="Loading the key’s history…" empty={<p>No entries for this key.</p>}>
      {(items) => (
        <ol className="key-audit">
          {items.map((e) => (
            <li key={e.id}>
              <span className="key-audit-what">{actionLabel(e.action)}</span> by {e.bySupport ? SUPPORT_NAME : e.actorName}
              {e.detail && <span className="key-meta">{e.detail}</span>}
              <span className="key-meta">
                <Time value={e.createdAt} exact />
              </span>
            </li>
          ))}
        </ol>
      )}
    </List>
  );
}
