import { BlockList, isIP } from 'node:net';

/** A CIDR (`10.0.0.0/8`, `2001:db8::/32`) or a single address, normalized; null when invalid. */
export function normalizeCidr(text: string): string | null {
  const [addr = '', bits] = text.trim().split('/');
  const family = isIP(addr);
  if (!family) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return `${addr}/${prefix}`;
}

/** Whether an address (IPv4-mapped IPv6 counts as IPv4) falls in one of the CIDRs. */
export function ipAllowed(ip: string, cidrs: readonly string[]): boolean {
  const addr = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(addr);
  if (!family) return false;
  const list = new BlockList();
  for (const c of cidrs) {
    const n = normalizeCidr(c);
    if (!n) continue;
    const [net = '', bits] = n.split('/');
    list.addSubnet(net, Number(bits), isIP(net) === 4 ? 'ipv4' : 'ipv6');
  }
  return list.check(addr, family === 4 ? 'ipv4' : 'ipv6');
}
