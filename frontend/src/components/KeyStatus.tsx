import type { KeyStatusText } from '../lib/keyStatus';
import './KeyStatus.css';

/** The status badge and, in plain text beside it, its detail: nothing lives
 * only in a tooltip. */
export function KeyStatus({ status }: { status: KeyStatusText }) {
  return (
    <span className="key-status">
      <span className={`badge badge-${status.kind}`}>{status.label}</span>
      {status.detail && <span className="key-status-detail">{status.detail}</span>}
    </span>
  );
}
