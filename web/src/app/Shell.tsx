// The frame around every signed-in page: navigation by domain (shown by permission), the
// user with theme and logout, and "g then a letter" shortcuts to jump between sections.
import { useEffect, useState } from 'react';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { Icon, type IconName } from '../components/Icon.js';
import { useOpenAlertCount } from '../features/alerts/useAlerts.js';
import { useCan, useLogout, useSignedIn } from '../features/session/useSession.js';
import { typingIn } from '../lib/keys.js';
import { useMarkFirstRender } from '../lib/perf.js';
import { applyTheme, storedTheme } from './theme.js';

interface NavItem { to: string; label: string; icon: IconName; permission: string; key: string; exact?: boolean }

const NAV: NavItem[] = [
  { to: '/', label: 'Dashboard', icon: 'dashboard', permission: 'alerts:read', key: 'd', exact: true },
  { to: '/alerts', label: 'Alerts', icon: 'alert', permission: 'alerts:read', key: 'a' },
  { to: '/events', label: 'Events', icon: 'search', permission: 'events:read', key: 'e' },
  { to: '/cases', label: 'Cases', icon: 'case', permission: 'cases:read', key: 'c' },
  { to: '/rules', label: 'Rules', icon: 'rules', permission: 'rules:read', key: 'r' },
];

const ADMIN: { to: string; label: string; permission: string }[] = [
  { to: '/admin/users', label: 'Users', permission: 'users:read' },
  { to: '/admin/roles', label: 'Roles', permission: 'users:read' },
  { to: '/admin/tenants', label: 'Tenants', permission: 'tenants:read' },
  { to: '/admin/apikeys', label: 'API keys', permission: 'apikeys:manage' },
  { to: '/admin/exceptions', label: 'Exceptions', permission: 'alerts:read' },
  { to: '/admin/audit', label: 'Audit log', permission: 'audit:read' },
];

function useGoShortcuts(items: NavItem[]): void {
  const navigate = useNavigate();
  useEffect(() => {
    let armed = 0;
    const listener = (event: KeyboardEvent) => {
      if (typingIn(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === 'g') { armed = Date.now(); return; }
      if (Date.now() - armed < 1500) {
        const item = items.find((i) => i.key === event.key);
        armed = 0;
        if (item) void navigate({ to: item.to } as never);
      }
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [items, navigate]);
}

export function Shell() {
  const session = useSignedIn();
  const can = useCan();
  const logout = useLogout();
  const [theme, setTheme] = useState(storedTheme);
  const items = NAV.filter((item) => can(item.permission));
  const admin = ADMIN.filter((item) => can(item.permission));
  const openAlerts = useOpenAlertCount(can('alerts:read'));
  useGoShortcuts(items);
  useMarkFirstRender();

  return (
    <div className="shell">
      <nav className="nav" aria-label="Main">
        <div className="nav-brand"><Icon name="logo" size={20} /> VIGIL</div>
        <div className="nav-links">
          {items.map((item) => (
            <Link key={item.to} to={item.to} className="nav-link" activeProps={{ className: 'nav-link active' }} activeOptions={{ exact: item.exact ?? false, includeSearch: false }}>
              <Icon name={item.icon} /> {item.label}
              {item.to === '/alerts' && openAlerts > 0 && <span className="count" title="New alerts" data-testid="new-alert-count">{openAlerts >= 100 ? '99+' : openAlerts}</span>}
            </Link>
          ))}
          {admin.length > 0 && <div className="nav-section">Administration</div>}
          {admin.map((item) => (
            <Link key={item.to} to={item.to} className="nav-link" activeProps={{ className: 'nav-link active' }}>{item.label}</Link>
          ))}
          <div className="nav-section">Display</div>
          <Link to="/screen" className="nav-link"><Icon name="screen" /> Wallboard</Link>
        </div>
        <div className="nav-user">
          <span className="who" title={session.user.username}>{session.user.username}</span>
          <span className="role">{session.user.role.replace('_', ' ')}{session.user.tenant ? ` · ${session.user.tenant}` : ''}</span>
          <div className="actions">
            <button className="small" title="Switch theme" onClick={() => { const next = theme === 'dark' ? 'light' : 'dark'; applyTheme(next); setTheme(next); }}>
              <Icon name="theme" size={14} /> {theme === 'dark' ? 'Light' : 'Dark'}
            </button>
            <button className="small" onClick={() => logout.mutate()}><Icon name="logout" size={14} /> Sign out</button>
          </div>
        </div>
      </nav>
      <main className="main"><Outlet /></main>
    </div>
  );
}
