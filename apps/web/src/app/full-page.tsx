import type { ReactNode } from 'react';
import './full-page.css';

/** A centred message on an otherwise empty page (loading, fatal errors). */
export function FullPageMessage({ children, busy }: { children: ReactNode; busy?: boolean }) {
  return (
    <main className="full-page" aria-busy={busy || undefined}>
      <div className="full-page-box" role={busy ? 'status' : undefined}>
        {children}
      </div>
    </main>
  );
}

/** The frame of the signed-out pages (sign-in, password change): logo, title, a narrow card. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth-frame">
      <div className="auth-card">
        <div className="auth-brand" aria-hidden="true">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Pharos</span>
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
