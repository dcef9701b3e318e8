import { useCallback } from 'react';
import { request } from '../lib/api';
import { PAGE_SIZE, useConnection } from '../lib/useConnection';
import { KeyAuditQuery } from '../operations';
import type { KeyAuditEntry } from '../types';
import { List } from './List';
import { ExactTime } from './ExactTime';

const actions: Record<string, string> = {
  'api_key.created': 'Created',
  'api_key.revoked': 'Revoked',
  'api_key.rotated': 'Rotated',
  'api_key.exposed': 'Reported exposed and revoked',
  'api_key.renamed': 'Renamed',
  'api_key.allowed_ips_changed': 'Allowed addresses changed',
};

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
              <span className="key-audit-what">{actions[e.action] ?? e.action}</span> by {e.actorName}
              {e.detail && <span className="key-meta">{e.detail}</span>}
              <span className="key-meta">
                <ExactTime value={e.createdAt} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </List>
  );
}
