// PostgreSQL connection settings from a postgresql:// DATABASE_URL, as a pg config object. An object (not a
// connectionString) matters: the adapter's shadow database for migrations overrides `database`, which a
// connectionString would silently win over.
import type { PoolConfig } from 'pg';

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

export function postgresConfig(databaseUrl: string): PoolConfig {
  const u = new URL(databaseUrl);
  const socketHost = u.searchParams.get('host');
  const schema = u.searchParams.get('schema');
  return {
    host: socketHost ?? (decodeURIComponent(u.hostname) || 'localhost'),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
}
