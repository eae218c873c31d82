import { rateLimitIdentity } from '../../src/access/source-address';

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
});
