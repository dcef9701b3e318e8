import type { ReactNode } from 'react';

export function Notice({ tone = 'info', title, children }: { tone?: 'info' | 'warning'; title: string; children?: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`}>
      <svg className="notice-icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
        <circle cx="10" cy="10" r="9" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M10 9v5M10 6.2v.1" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      <div>
        <p className="notice-title">{title}</p>
        {children}
      </div>
    </div>
  );
}

export function AdminsOnly({ what }: { what: string }) {
  return (
    <Notice title={`Only admins can ${what}.`}>
      <p>Ask an admin of your organisation if you need access.</p>
    </Notice>
  );
}
