import { isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { FullPageMessage } from './full-page.tsx';

/** Last-resort error screen for a route that failed to render or load (e.g. a stale chunk). */
export function RouteError() {
  const err = useRouteError();
  const text = isRouteErrorResponse(err)
    ? `${err.status} ${err.statusText}`
    : err instanceof Error
      ? err.message
      : 'Unknown error';
  return (
    <FullPageMessage>
      <h1>Something went wrong</h1>
      <p>{text}</p>
      <p>
        <a href={window.location.pathname + window.location.search}>Reload the page</a>
      </p>
    </FullPageMessage>
  );
}
