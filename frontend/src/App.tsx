import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError, request, setSignInAgain, SIGNED_OUT_EVENT } from './lib/api';
import { matchPath, navigate, safeNext, useLocation } from './lib/router';
import { ViewerQuery } from './operations';
import type { Viewer } from './types';
import { SignInPage } from './pages/SignInPage';
import { SettingsLayout } from './pages/SettingsLayout';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { ApiKeyDetailsPage } from './pages/ApiKeyDetailsPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInAgainDialog } from './components/SignInAgainDialog';

type Auth =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; viewer: Viewer | null };

type PageProps = { viewer: Viewer; params: Record<string, string> };

/** Settings pages: path pattern → page. Anything else under the app is "Page not found". */
const settingsPages: [string, (props: PageProps) => ReactNode][] = [
  ['/settings/api-keys', ApiKeysPage],
  ['/settings/api-keys/:id', ApiKeyDetailsPage],
  ['/settings/audit-log', AuditLogPage],
  ['/settings/webhooks', WebhooksPage],
];

function route(pathname: string): { Page: (props: PageProps) => ReactNode; params: Record<string, string> } | undefined {
  for (const [pattern, Page] of settingsPages) {
    const params = matchPath(pattern, pathname);
    if (params) return { Page, params };
  }
  return undefined;
}
const redirects: Record<string, string> = { '/': '/settings/api-keys', '/settings': '/settings/api-keys' };

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function App() {
  const { pathname: rawPath, search } = useLocation();
  const pathname = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
  const [auth, setAuth] = useState<Auth>({ status: 'loading' });
  const reauth = useSignInAgain(auth.status === 'ready' && auth.viewer !== null);

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
  const match = route(pathname);
  if (!isSignIn && !match) return <NotFoundPage />;

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

  if (!match) return <NotFoundPage />;
  return (
    <>
      <SettingsLayout
        viewer={viewer}
        pathname={pathname}
        onSignedOut={() => {
          setAuth({ status: 'ready', viewer: null });
          navigate('/sign-in', { replace: true });
        }}
      >
        {/* Keyed by user and path: someone else signing in again never sees the page state of the one before. */}
        <match.Page key={`${viewer.user?.id}:${pathname}`} viewer={viewer} params={match.params} />
      </SettingsLayout>
      {reauth.open && (
        <SignInAgainDialog
          email={viewer.user?.email ?? ''}
          onSignedIn={(v) => {
            setAuth({ status: 'ready', viewer: v });
            reauth.signedIn();
          }}
          onLeave={() => {
            reauth.left();
            setAuth({ status: 'ready', viewer: null });
          }}
        />
      )}
    </>
  );
}

type Waiting = { resolve: () => void; reject: (e: Error) => void };

/**
 * While someone is signed in, a request that finds the session gone opens
 * the sign-in dialog (see setSignInAgain in lib/api) and waits for it.
 */
function useSignInAgain(signedIn: boolean) {
  const [waiting, setWaiting] = useState<Waiting>();
  useEffect(() => {
    if (!signedIn) return;
    setSignInAgain(() => new Promise<void>((resolve, reject) => setWaiting({ resolve, reject })));
    return () => setSignInAgain(undefined);
  }, [signedIn]);
  return {
    open: waiting !== undefined,
    signedIn: () => {
      waiting?.resolve();
      setWaiting(undefined);
    },
    left: () => {
      waiting?.reject(new Error('left to sign in'));
      setWaiting(undefined);
    },
  };
}
