/** Host and port of a tcp://, tls:// or https:// target, or of a bare host:port. */
export function parseHostPort(
  url: string | null,
  defaultPort?: number,
): { host: string; port: number } | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `tcp://${url}`);
  } catch {
    return null;
  }
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : defaultPort;
  if (!u.hostname || !port || port < 1 || port > 65535) return null;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port };
}
