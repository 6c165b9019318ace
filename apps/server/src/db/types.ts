import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of the tables the application queries through Kysely, written to match the SQL
 * migrations (the migrations are the source of truth). Add a table here when a repository
 * starts using it.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  settings: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface ProjectsTable {
  id: Generated<number>;
  org_id: string;
  slug: string;
  name: string;
  platform: string | null;
  settings: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  username: string | null;
  name: Generated<string>;
  avatar: string | null;
  provider: Generated<string>;
  provider_id: string | null;
  password_hash: string | null;
  must_change_password: Generated<boolean>;
  is_active: Generated<boolean>;
  last_login: NullableTimestamp;
  mfa_enabled: Generated<boolean>;
  mfa_method: string | null;
  mfa_secret_enc: string | null;
  mfa_pending_secret_enc: string | null;
  phone_number: string | null;
  failed_login_count: Generated<number>;
  locked_until: NullableTimestamp;
  preferences: Json<Record<string, unknown>>;
  metadata: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface OrgMembersTable {
  org_id: string;
  user_id: string;
  role: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MfaBackupCodesTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  code_hash: Buffer;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface TeamsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  display_name: string;
  description: string | null;
  avatar: string | null;
  parent_team_id: string | null;
  settings: Json<Record<string, unknown>>;
  metadata: Json<Record<string, unknown>>;
  is_active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface TeamMembersTable {
  org_id: string;
  team_id: string;
  user_id: string;
  role: Generated<string>;
  joined_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  token_hash: Buffer;
  refresh_token_hash: Buffer | null;
  ip_address: string | null;
  user_agent: string | null;
  device_id: string | null;
  device_name: string | null;
  expires_at: Timestamp;
  refresh_expires_at: NullableTimestamp;
  is_active: Generated<boolean>;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
  created_at: Timestamp;
  last_activity: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  org_id: string;
  user_id: string | null;
  team_id: string | null;
  name: string;
  key_prefix: string;
  key_hash: Buffer;
  scopes: string[];
  project_ids: number[] | null;
  rate_limit: number | null;
  allowed_ips: string[] | null;
  allowed_origins: string[] | null;
  last_used_at: NullableTimestamp;
  last_used_ip: string | null;
  usage_count: Generated<number>;
  expires_at: NullableTimestamp;
  is_active: Generated<boolean>;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AuditEventsTable {
  id: Generated<string>;
  occurred_at: Timestamp;
  org_id: string;
  user_id: string | null;
  user_email: string | null;
  user_role: string | null;
  api_key_id: string | null;
  actor_type: string;
  action: string;
  action_type: string;
  resource_type: string;
  resource_id: string | null;
  resource_name: string | null;
  description: Generated<string>;
  before_data: NullableJson;
  after_data: NullableJson;
  changes: NullableJson;
  outcome: Generated<string>;
  failure_reason: string | null;
  ip_address: string | null;
  user_agent: string | null;
  session_id: string | null;
  request_id: string | null;
  module: string | null;
  severity: Generated<string>;
  metadata: Json<Record<string, unknown>>;
}

export interface TelemetryTablesTable {
  table_name: string;
  time_column: string;
  data_kind: string;
  default_retention_days: number;
}

export interface Database {
  organizations: OrganizationsTable;
  projects: ProjectsTable;
  users: UsersTable;
  org_members: OrgMembersTable;
  mfa_backup_codes: MfaBackupCodesTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  audit_events: AuditEventsTable;
  telemetry_tables: TelemetryTablesTable;
}
