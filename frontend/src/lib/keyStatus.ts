import { DAY_MS, EXPIRES_SOON_DAYS, formatDateTime, formatExpiryMoment } from './format';
import type { ApiKey } from '../types';

export type StatusKind = 'active' | 'expiring' | 'rotating' | 'paused' | 'expired' | 'revoked';

/** A key's status as a person reads it: a short label and, where there is
 * more to say (until when, why, by whom), a detail shown beside it. */
export type KeyStatusText = { kind: StatusKind; label: string; detail?: string };

function revokedDetail(key: ApiKey): string {
  const when = key.revokedAt ? formatDateTime(key.revokedAt) : '';
  if (key.revocationReason === 'ROTATED') return `Replaced by rotation, stopped ${when}`;
  if (key.revocationReason === 'EXPOSED') return `Reported exposed, stopped ${when}`;
  return `By ${key.revokedBy?.name ?? 'ImportOps support'}, ${when}`;
}

/** What to call a key now. `apiAccess` is the organisation's plan: without
 * it every request with a working key is refused, so the key is Paused. */
export function keyStatus(key: ApiKey, { apiAccess = true, now = Date.now() }: { apiAccess?: boolean; now?: number } = {}): KeyStatusText {
  const expires = new Date(key.expiresAt).getTime();
  const revokedAt = key.revokedAt ? new Date(key.revokedAt).getTime() : null;
  if (key.status === 'REVOKED' || (revokedAt !== null && revokedAt <= now)) {
    return { kind: 'revoked', label: 'Revoked', detail: revokedDetail(key) };
  }
  if (key.status === 'EXPIRED' || expires <= now) return { kind: 'expired', label: 'Expired', detail: formatExpiryMoment(key.expiresAt) };
  if (!apiAccess) return { kind: 'paused', label: 'Paused', detail: 'Your plan does not include API access' };
  if (revokedAt !== null) return { kind: 'rotating', label: 'Rotating', detail: `Works until ${formatDateTime(key.revokedAt!)}` };
  const days = Math.ceil((expires - now) / DAY_MS);
  if (days <= EXPIRES_SOON_DAYS) return { kind: 'expiring', label: days <= 1 ? 'Expires within a day' : `Expires in ${days} days` };
  return { kind: 'active', label: 'Active' };
}

/** Keys that can still be revoked or rotated. */
export const isLive = (s: KeyStatusText) => s.kind === 'active' || s.kind === 'expiring' || s.kind === 'rotating' || s.kind === 'paused';
