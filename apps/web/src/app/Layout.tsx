import type { ReactNode } from 'react';
import { useZoneMode } from '../lib/prefs';
import { session, useAccount } from '../lib/session';
import { useStreamStatus } from '../lib/stream';
import { Link, navigate, useLocation } from './router';

function LiveBadge() {
  const status = useStreamStatus();
  const text = status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <output className={`live live-${status}`} aria-live="polite" data-testid="stream-status">
      <span className="dot" aria-hidden="true" />
      {text}
    </output>
  );
}

function ZoneToggle() {
  const [mode, setMode] = useZoneMode();
  return (
    <button
      type="button"
      className="ghost"
      onClick={() => setMode(mode === 'exchange' ? 'local' : 'exchange')}
      title="Show times in the exchange's time zone or in yours"
    >
      {mode === 'exchange' ? 'Exchange time' : 'Local time'}
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { account } = useAccount();
  const { pathname } = useLocation();
  const nav = [
    { href: '/', label: 'Markets', active: pathname === '/' },
    { href: '/instrument/AAPL', label: 'Charts', active: pathname.startsWith('/instrument/') },
    { href: '/options/SPX', label: 'Options', active: pathname.startsWith('/options/') },
    ...(account?.role === 'admin' ? [{ href: '/ops', label: 'Ops', active: pathname === '/ops' }] : []),
  ];
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          Bourse
        </Link>
        <nav aria-label="Pages">
          {nav.map((n) => (
            <Link key={n.href} href={n.href} aria-current={n.active ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <div className="topbar-right">
          <LiveBadge />
          <ZoneToggle />
          {account ? (
            <>
              <Link href="/keys" aria-current={pathname === '/keys' ? 'page' : undefined}>
                API keys
              </Link>
              <button
                type="button"
                className="ghost"
                onClick={() => {
                  void session.signOut();
                  navigate('/');
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <Link href="/signin">Sign in</Link>
          )}
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
