// Request/response schemas and types shared by the server and the web UI.
export * from './problem.ts';
export * from './roles.ts';
export * from './status-pages.ts';
export * from './projects.ts';
