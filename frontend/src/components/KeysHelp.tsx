import { Link } from '../lib/router';

/** The API reference, docs/api.md, shipped as plain text by the build (vite.config.ts). */
const API_DOCS_URL = '/docs/api.txt';

/** The good-practice advice, folded away until asked for. */
export function KeysHelp() {
  return (
    <details className="keys-help">
      <summary>How API keys work</summary>
      <ul>
        <li>
          An integration sends its key in each request’s <code>Authorization: Bearer</code> header to <code>/graphql</code>. See the{' '}
          <a href={API_DOCS_URL}>API documentation</a>.
        </li>
        <li>
          <strong>One key per integration</strong>, named after where it is used, so you can revoke one without breaking the others.
        </li>
        <li>
          <strong>Choose the shortest expiry that fits</strong>, and <strong>rotate</strong> a key when someone who has seen it leaves:
          the old key keeps working for the overlap you choose.
        </li>
        <li>
          The <Link to="/settings/audit-log">audit log</Link> shows who created, rotated and revoked keys.
        </li>
      </ul>
    </details>
  );
}
