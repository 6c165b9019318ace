// Projects and their client keys (GET /api/v1/projects): shared by the server, which builds
// them, and the web UI, which shows each project's DSN.

/** A client key: the ingest-only public key a Sentry DSN carries, for one project. */
export interface ClientKey {
  id: string;
  project_id: number;
  label: string;
  /** 32 hex digits. */
  public_key: string;
  /** `http(s)://PUBLIC_KEY@HOST/PROJECT_ID`, for `Sentry.init({ dsn })`. */
  dsn: string;
  active: boolean;
  created_at: string;
  revoked_at: string | null;
}

export interface Project {
  id: number;
  slug: string;
  name: string;
  platform: string | null;
  created_at: string;
  /** The DSN of the newest active client key; null when every key is revoked. */
  dsn: string | null;
  client_keys: ClientKey[];
}
