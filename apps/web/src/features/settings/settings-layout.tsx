import { NavLink, Outlet } from 'react-router-dom';
import '../../components/table.css';
import './settings.css';

const SECTIONS = [
  { to: 'profile', label: 'Profile' },
  { to: 'security', label: 'Password and 2FA' },
  { to: 'users', label: 'Users' },
  { to: 'teams', label: 'Teams' },
  { to: 'api-keys', label: 'API keys' },
  { to: 'projects', label: 'Projects and DSNs' },
];

export function SettingsLayout() {
  return (
    <div className="settings">
      <nav className="settings-nav" aria-label="Settings">
        <h1 className="settings-title">Settings</h1>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-body">
        <Outlet />
      </div>
    </div>
  );
}
