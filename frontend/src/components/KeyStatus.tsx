import { DAY_MS, EXPIRES_SOON_DAYS, formatFull } from '../lib/format';
import type { ApiKey } from '../types';

export type DisplayStatus = 'active' | 'expiring' | 'expired' | 'revoked';

/** What to call a key now. A key the server calls ACTIVE whose expiry has
 * passed since the page loaded is shown as expired. */
export function displayStatus(key: Pick<ApiKey, 'status' | 'expiresAt'>, now = Date.now()): DisplayStatus {
  if (key.status === 'REVOKED') return 'revoked';
  const expires = new Date(key.expiresAt).getTime();
  if (key.status === 'EXPIRED' || expires <= now) return 'expired';
  if (expires - now <= EXPIRES_SOON_DAYS * DAY_MS) return 'expiring';
  return 'active';
}

const labels: Record<DisplayStatus, string> = {
  active: 'Active',
  expiring: 'Expires soon',
  expired: 'Expired',
  revoked: 'Revoked',
};

export function KeyStatus({ apiKey, now }: { apiKey: ApiKey; now?: number }) {
  const status = displayStatus(apiKey, now);
  let title: string | undefined;
  if (status === 'revoked' && apiKey.revokedAt) title = `Revoked ${formatFull(apiKey.revokedAt)}`;
  else if (status === 'expired') title = `Expired ${formatFull(apiKey.expiresAt)}`;
  else if (status === 'expiring') {
    const days = Math.max(0, Math.ceil((new Date(apiKey.expiresAt).getTime() - (now ?? Date.now())) / DAY_MS));
    title = days <= 1 ? 'Expires within a day' : `Expires in ${days} days`;
  }
  return (
    <span className={`badge badge-${status}`} title={title}>
      {labels[status]}
    </span>
  );
}
