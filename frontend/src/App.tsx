import { useCallback, useEffect, useState } from 'react';
import { ApiError, request, SIGNED_OUT_EVENT } from './lib/api';
import { navigate, safeNext, useLocation } from './lib/router';
import { ViewerQuery } from './operations';
import type { Viewer } from './types';
import { SignInPage } from './pages/SignInPage';
import { SettingsLayout } from './pages/SettingsLayout';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { NotFoundPage } from './pages/NotFoundPage';

type Auth =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; viewer: Viewer | null };

/** Settings pages: path → page. Anything else under the app is "Page not found". */
const settingsPages = {
  '/settings/api-keys': ApiKeysPage,
  '/settings/audit-log': AuditLogPage,
} as const;
const redirects: Record<string, string> = { '/': '/settings/api-keys', '/settings': '/settings/api-keys' };

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function App() {
  const { pathname: rawPath, search } = useLocation();
  const pathname = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
  const [auth, setAuth] = useState<Auth>({ status: 'loading' });

  const loadViewer = useCallback(() => {
    setAuth({ status: 'loading' });
    request(ViewerQuery).then(
      (data) => setAuth({ status: 'ready', viewer: data.viewer?.user ? data.viewer : null }),
      (error: ApiError) => setAuth({ status: 'error', error }),
    );
  }, []);

  useEffect(loadViewer, [loadViewer]);

  // A request that finds the session gone sends the user back to sign in.
  useEffect(() => {
    const onSignedOut = () => setAuth({ status: 'ready', viewer: null });
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, []);

  if (redirects[pathname]) return <Redirect to={redirects[pathname]} />;

  const isSignIn = pathname === '/sign-in';
  const Page = settingsPages[pathname as keyof typeof settingsPages];
  if (!isSignIn && !Page) return <NotFoundPage />;

  if (auth.status === 'loading') {
    return (
      <div className="boot" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" /> Loading…
      </div>
    );
  }
  if (auth.status === 'error') {
    return (
      <main className="boot boot-error">
        <h1>ImportOps could not be reached</h1>
        <p role="alert">{auth.error.message}</p>
        <button type="button" className="button primary" onClick={loadViewer}>
          Try again
        </button>
      </main>
    );
  }

  const { viewer } = auth;
  const next = new URLSearchParams(search).get('next');

  if (isSignIn) {
    if (viewer) return <Redirect to={safeNext(next)} />;
    return (
      <SignInPage
        onSignedIn={(v) => {
          setAuth({ status: 'ready', viewer: v });
          navigate(safeNext(next), { replace: true });
        }}
      />
    );
  }

  if (!viewer) return <Redirect to={`/sign-in?next=${encodeURIComponent(rawPath + search)}`} />;

  return (
    <SettingsLayout
      viewer={viewer}
      pathname={pathname}
      onSignedOut={() => {
        setAuth({ status: 'ready', viewer: null });
        navigate('/sign-in', { replace: true });
      }}
    >
      <Page viewer={viewer} />
    </SettingsLayout>
  );
}
