import { useState, type ReactNode } from 'react';
import { ApiError, request } from '../lib/api';
import { Link } from '../lib/router';
import { SignOutMutation } from '../operations';
import type { Viewer } from '../types';
import { Logo } from '../components/Logo';

const nav = [
  { to: '/settings/api-keys', label: 'API keys' },
  { to: '/settings/webhooks', label: 'Webhooks' },
  { to: '/settings/audit-log', label: 'Audit log' },
];

export function SettingsLayout({
  viewer,
  pathname,
  onSignedOut,
  children,
}: {
  viewer: Viewer;
  pathname: string;
  onSignedOut: () => void;
  children: ReactNode;
}) {
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string>();

  async function signOut() {
    setSigningOut(true);
    setError(undefined);
    try {
      await request(SignOutMutation);
      onSignedOut();
    } catch (e) {
      setSigningOut(false);
      setError(e instanceof ApiError ? e.message : 'Sign-out failed. Try again.');
    }
  }

  const { user, organization } = viewer;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Logo />
        <span className="org" title={`Organisation: ${organization.name}`}>
          {organization.name}
          <span className="plan-badge">{organization.plan === 'PRO' ? 'Pro' : 'Core'}</span>
        </span>
        <div className="account">
          <span className="user">
            <span className="avatar" aria-hidden="true">
              {initials(user?.name ?? '')}
            </span>
            <span className="user-text">
              <span className="user-name">{user?.name}</span>
              <span className="user-role">{viewer.role === 'ADMIN' ? 'Admin' : 'Member'}</span>
            </span>
          </span>
          <button type="button" className="button small" onClick={signOut} disabled={signingOut}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </header>
      {error && (
        <div className="alert alert-error banner" role="alert">
          {error}
        </div>
      )}
      <div className="settings">
        <nav className="sidenav" aria-label="Settings">
          <h2 className="sidenav-title">Settings</h2>
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={pathname === item.to || pathname.startsWith(`${item.to}/`) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}
