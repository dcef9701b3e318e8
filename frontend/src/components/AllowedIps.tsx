import { useId, useState, type FormEvent } from 'react';
import { ApiError, request } from '../lib/api';
import { SetApiKeyAllowedIpsMutation } from '../operations';
import type { KeyDetails } from '../types';

const MAX_CIDRS = 20;

/** The addresses a key may be used from, one CIDR or address per line; empty = anywhere. */
export function AllowedIps({ apiKey, onSaved }: { apiKey: KeyDetails; onSaved: (cidrs: string[]) => void }) {
  const id = useId();
  const [text, setText] = useState(apiKey.allowedIps.join('\n'));
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState('');
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    const cidrs = text
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (cidrs.length > MAX_CIDRS) return setError(`At most ${MAX_CIDRS} addresses or ranges (there are ${cidrs.length}).`);
    setPending(true);
    setError(undefined);
    try {
      const data = await request(SetApiKeyAllowedIpsMutation, { id: apiKey.id, cidrs });
      const stored = data.setApiKeyAllowedIps.allowedIps;
      setText(stored.join('\n'));
      onSaved(stored);
      setSaved(stored.length ? `Saved: ${stored.length} allowed ${stored.length === 1 ? 'range' : 'ranges'}.` : 'Saved: any address may use the key.');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Saving the addresses failed. Try again.');
    }
    setPending(false);
  }

  return (
    <form onSubmit={submit} noValidate>
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-ips`}>Allowed addresses</label>
        <textarea
          id={`${id}-ips`}
          rows={4}
          value={text}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => setText(e.target.value)}
        />
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <p className="hint" id={`${id}-hint`}>
          One IPv4 or IPv6 address or CIDR range per line, such as 203.0.113.0/24; at most {MAX_CIDRS}. Empty lets the key be used from any
          address. Requests from elsewhere are refused.
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Saving…' : 'Save addresses'}
        </button>
        <p className="hint" role="status">
          {saved}
        </p>
      </div>
    </form>
  );
}
