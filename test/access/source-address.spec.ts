import type { FastifyRequest } from 'fastify';
import { rateLimitIdentity, sourceAddressOf } from '../../src/access/source-address';

describe('rateLimitIdentity', () => {
  it('keeps IPv4 addresses, and IPv4-mapped IPv6 counts as IPv4', () => {
    expect(rateLimitIdentity('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitIdentity('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('cuts IPv6 to its /64, so that one subscriber cannot take a fresh limit per address', () => {
    const a = rateLimitIdentity('2001:db8:1234:5678:aaaa:bbbb:cccc:dddd');
    const b = rateLimitIdentity('2001:0db8:1234:5678::1');
    expect(a).toBe('2001:db8:1234:5678::/64');
    expect(b).toBe(a);
    expect(rateLimitIdentity('2001:db8:1234:5679::1')).not.toBe(a);
    expect(rateLimitIdentity('::1')).toBe('0:0:0:0::/64');
  });

  it('maps anything else to one bucket rather than trusting it', () => {
    expect(rateLimitIdentity('')).toBe('unknown');
    expect(rateLimitIdentity('not an address')).toBe('unknown');
  });

  it('recognises IPv4-mapped addresses in any case, and only the whole, well-formed form', () => {
    expect(rateLimitIdentity('::FFFF:203.0.113.7')).toBe('203.0.113.7');
    // An ordinary IPv6 address that merely ends in an IPv4 part is its /64, not that IPv4 address.
    expect(rateLimitIdentity('1::ffff:203.0.113.7')).toBe('1:0:0:0::/64');
    // Trailing junk makes it no address at all.
    expect(rateLimitIdentity('::ffff:203.0.113.7:1')).toBe('unknown');
  });

  it('writes the /64 in one canonical form: lower case, leading zeros dropped, zone id ignored', () => {
    expect(rateLimitIdentity('2001:DB8:0000:00AB::1')).toBe('2001:db8:0:ab::/64');
    expect(rateLimitIdentity('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(rateLimitIdentity('fe80::1%eth1')).toBe('fe80:0:0:0::/64');
  });

  it('places the groups after "::" where they belong, also inside the /64', () => {
    // One group before "::", six after: the gap is a single zero group.
    expect(rateLimitIdentity('1::3:4:5:6:7:8')).toBe('1:0:3:4::/64');
    expect(rateLimitIdentity('1:2::4:5:6:7:8')).toBe('1:2:0:4::/64');
    expect(rateLimitIdentity('1:2:3:4:5:6:7:8')).toBe('1:2:3:4::/64');
  });

  it('reads the identity from the request address, one bucket when there is none', () => {
    expect(sourceAddressOf({ ip: '203.0.113.7' } as FastifyRequest)).toBe('203.0.113.7');
    expect(sourceAddressOf({ ip: '2001:db8:1:2::9' } as FastifyRequest)).toBe('2001:db8:1:2::/64');
    expect(sourceAddressOf({} as FastifyRequest)).toBe('unknown');
  });
});
