import { useEffect, useId, useRef, useState } from 'react';
import './TokenPanel.css';

type CopyState = { text: string; outcome: 'copied' | 'manual' } | null;

/** The README's first request, ready to paste, with this server's address. */
const curlSnippet = (token: string) =>
  `curl -s "${window.location.origin}/graphql" -H "Authorization: Bearer ${token}" -H 'Content-Type: application/json' \\\n` +
  `  -d '{"query":"{ vehicles(first: 2) { totalCount edges { node { vin make model status } } } }"}'`;

/**
 * A new token, the one time it exists outside the server's memory. It lives
 * only in React state: never in storage or the URL. Copy uses the
 * clipboard API where there is one; elsewhere (plain http, old browsers) it
 * selects the text and asks for Ctrl/Cmd+C.
 */
export function TokenPanel({ token, onCopied }: { token: string; onCopied: () => void }) {
  const id = useId();
  const [copy, setCopy] = useState<CopyState>(null);
  const snippets = [
    { label: 'Set it for your shell', name: 'export command', text: `export IMPORTOPS_API_KEY=${token}` },
    { label: 'Try it with curl', name: 'curl command', text: curlSnippet(token) },
  ];

  // A copy made by keyboard or context menu counts too.
  useEffect(() => {
    const onCopy = () => {
      const selection = document.getSelection();
      if (selection?.rangeCount && selection.getRangeAt(0).toString().includes(token)) onCopied();
    };
    document.addEventListener('copy', onCopy);
    return () => document.removeEventListener('copy', onCopy);
  }, [token, onCopied]);

  return (
    <div className="token-panel">
      <p className="token-warning">
        <strong>Copy the key now. This is the only time it is shown</strong>: ImportOps keeps only a fingerprint of it and cannot
        show it again. If you lose it, revoke it and create a new one.
      </p>
      <CopyRow id={`${id}-token`} text={token} name="key" copy={copy} setCopy={setCopy} onCopied={onCopied} big />
      {snippets.map((s, i) => (
        <div key={s.name} className="snippet">
          <p className="snippet-label">
            {s.label}
          </p>
          <CopyRow id={`${id}-s${i}`} text={s.text} name={s.name} copy={copy} setCopy={setCopy} onCopied={onCopied} />
        </div>
      ))}
      <p className="sr-only" role="status" aria-live="polite">
        {copy?.outcome === 'copied' ? 'Copied' : copy?.outcome === 'manual' ? 'Selected. Press Ctrl+C, or ⌘C on a Mac, to copy.' : ''}
      </p>
      <p className="muted small">
        Store it where your integration keeps secrets, not in code or chat. Requests send it in the <code>Authorization</code> header.
      </p>
    </div>
  );
}

function CopyRow({
  id,
  text,
  name,
  copy,
  setCopy,
  onCopied,
  big = false,
}: {
  id: string;
  text: string;
  name: string;
  copy: CopyState;
  setCopy: (c: CopyState) => void;
  onCopied: () => void;
  big?: boolean;
}) {
  const ref = useRef<HTMLElement>(null);
  const state = copy?.text === text ? copy.outcome : null;

  function selectText() {
    const el = ref.current;
    const selection = window.getSelection();
    if (!el || !selection) return;
    el.focus(); // first: focusing may move the selection
    const range = document.createRange();
    range.selectNodeContents(el);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  async function onCopy() {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard API');
      await navigator.clipboard.writeText(text);
      setCopy({ text, outcome: 'copied' });
      onCopied();
    } catch {
      selectText();
      setCopy({ text, outcome: 'manual' });
    }
  }

  return (
    <>
      <div className="copy-row">
        <code ref={ref} className={big ? 'token' : 'snippet-text'} id={id} tabIndex={-1}>
          {text}
        </code>
        <button type="button" className={`button${state === 'copied' ? ' success' : ''}`} onClick={onCopy} autoFocus={big}>
          {state === 'copied' ? 'Copied' : `Copy ${name}`}
        </button>
      </div>
      {state === 'manual' && (
        <p className="copy-manual">Your browser does not let this page copy. The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.</p>
      )}
    </>
  );
}
