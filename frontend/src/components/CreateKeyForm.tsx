import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiKeyExpiry, CreateApiKeyMutation } from '../gql/graphql';
import { ApiError, request } from '../lib/api';
import { formatDate } from '../lib/format';
import {
  addMonths,
  endOfDay,
  expiryOptions,
  maxCustomDate,
  toDateInputValue,
  toRfc3339,
  validateCustomDate,
  validateName,
} from '../lib/keyForm';
import { CreateApiKeyMutation as CreateApiKey } from '../operations';

type Created = CreateApiKeyMutation['createApiKey'];
type Errors = { name?: string; expiry?: string; expiresAt?: string; scopes?: string; form?: string };

/** The create-key form. The server is the authority: its BAD_USER_INPUT
 * errors land next to the field named in extensions.field. */
export function CreateKeyForm({
  signal,
  maxLifetimeDays,
  onCreated,
  onPendingChange,
  onCancel,
}: {
  /** Cancels the request when the form's dialog is closed. */
  signal?: () => AbortSignal;
  /** The organisation's key policy: only expiries within it are offered. */
  maxLifetimeDays: number | null;
  onCreated: (created: Created) => void;
  onPendingChange: (pending: boolean) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<ApiKeyExpiry>(() => expiryOptions(maxLifetimeDays, new Date())[0].value);
  const [customDate, setCustomDate] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPendingState] = useState(false);
  const setPending = (p: boolean) => {
    setPendingState(p);
    onPendingChange(p);
  };
  const options = expiryOptions(maxLifetimeDays, new Date());
  const nameRef = useRef<HTMLInputElement>(null);
  const expiryRef = useRef<HTMLSelectElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  const formErrorRef = useRef<HTMLDivElement>(null);

  const today = new Date();
  const preview = useMemo(() => {
    const months = options.find((o) => o.value === expiry)?.months;
    if (months) return `The key will expire on ${formatDate(addMonths(new Date(), months).toISOString())}.`;
    const end = customDate ? endOfDay(customDate) : null;
    return end ? `The key stops working at the end of ${formatDate(end.toISOString())}, your time.` : undefined;
  }, [expiry, customDate]);

  // After a failed submit, focus moves to the first field in error (or the
  // message above the form), once it has rendered.
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (!focusRequest) return;
    if (errors.name) nameRef.current?.focus();
    else if (errors.expiresAt) (dateRef.current ?? expiryRef.current)?.focus();
    else if (errors.expiry) expiryRef.current?.focus();
    else if (errors.form || errors.scopes) formErrorRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);
  const requestFocus = () => setFocusRequest((n) => n + 1);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    const now = new Date();
    const errs: Errors = {
      name: validateName(name),
      expiresAt: expiry === 'CUSTOM' ? validateCustomDate(customDate, now, maxLifetimeDays) : undefined,
    };
    if (errs.name || errs.expiresAt) {
      setErrors(errs);
      requestFocus();
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const end = expiry === 'CUSTOM' ? endOfDay(customDate) : null;
      const data = await request(
        CreateApiKey,
        { input: { name: name.trim(), expiry, ...(end ? { expiresAt: toRfc3339(end) } : {}) } },
        { signal: signal?.() },
      );
      onCreated(data.createApiKey);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ABORTED') return; // the dialog was closed
      const apiErr = err instanceof ApiError ? err : new ApiError('Creating the key failed. Try again.', 'INTERNAL', 0);
      // The server names the input field a refusal is about (extensions.field).
      const field = apiErr.field;
      const next: Errors =
        field === 'name' || field === 'expiresAt' || field === 'expiry' || field === 'scopes'
          ? { [field]: apiErr.message }
          : { form: apiErr.message };
      setErrors(next);
      requestFocus();
    }
    setPending(false);
  }

  return (
    <form className="create-form" onSubmit={submit} noValidate>
      <p className="muted">Name it after the integration that will use it, and pick the shortest expiry that fits.</p>
      {errors.form && (
        <div className="alert alert-error" role="alert" tabIndex={-1} ref={formErrorRef}>
          {errors.form}
        </div>
      )}
      <div className="fields">
        <Field id={`${id}-name`} label="Name" hint={`Where the key is used, e.g. “Website inventory sync” or “ERP nightly import”.`} error={errors.name}>
          {(describedBy) => (
            <input
              ref={nameRef}
              id={`${id}-name`}
              name="name"
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder="Website inventory sync"
              value={name}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={describedBy}
              onChange={(e) => {
                setName(e.target.value);
                if (errors.name) setErrors((x) => ({ ...x, name: undefined }));
              }}
            />
          )}
        </Field>

        <div className="field-row">
          <Field id={`${id}-expiry`} label="Expiry" hint={expiry !== 'CUSTOM' ? preview : undefined} error={errors.expiry ?? (expiry !== 'CUSTOM' ? errors.expiresAt : undefined)}>
            {(describedBy) => (
              <select
                ref={expiryRef}
                id={`${id}-expiry`}
                name="expiry"
                value={expiry}
                aria-describedby={describedBy}
                onChange={(e) => {
                  setExpiry(e.target.value as ApiKeyExpiry);
                  setErrors((x) => ({ ...x, expiry: undefined, expiresAt: undefined }));
                }}
              >
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>

          {expiry === 'CUSTOM' && (
            <Field id={`${id}-date`} label="Expiry date" hint={preview ?? 'The key stops working at the end of this day, your time. At most two years ahead.'} error={errors.expiresAt}>
              {(describedBy) => (
                <input
                  ref={dateRef}
                  id={`${id}-date`}
                  name="expiresAt"
                  type="date"
                  min={toDateInputValue(today)}
                  max={maxCustomDate(today, maxLifetimeDays)}
                  value={customDate}
                  aria-invalid={errors.expiresAt ? true : undefined}
                  aria-describedby={describedBy}
                  onChange={(e) => {
                    setCustomDate(e.target.value);
                    if (errors.expiresAt) setErrors((x) => ({ ...x, expiresAt: undefined }));
                  }}
                />
              )}
            </Field>
          )}
        </div>

        <div className="field">
          <span className="label" id={`${id}-scopes`}>
            Scopes
          </span>
          <p className="scope-line">
            <code className="scope">vehicles.read</code>
            <span className="hint">Read vehicle records; change nothing. Write access is issued by ImportOps support.</span>
          </p>
          {errors.scopes && (
            <p className="field-error" id={`${id}-scopes-error`}>
              {errors.scopes}
            </p>
          )}
        </div>

        {maxLifetimeDays !== null && (
          <p className="hint">Your organisation’s policy allows keys of at most {maxLifetimeDays} days.</p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </div>
    </form>
  );
}

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const describedBy = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(describedBy)}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <circle cx="8" cy="8" r="7" fill="currentColor" />
            <path d="M8 4.5v4.2M8 11.2v.1" stroke="#fff" strokeWidth="1.7" strokeLinecap="round" />
          </svg>
          {error}
        </p>
      )}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
