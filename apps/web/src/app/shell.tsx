import { Outlet } from 'react-router-dom';

/** The layout every signed-in page renders in: navigation, organization switcher, user menu. */
export function Shell() {
  return (
    <div className="shell">
      <main id="main" className="shell-main">
        <Outlet />
      </main>
    </div>
  );
}
