import fc from 'fast-check';
import { AuditAction } from '../../src/audit/audit-action';
import { AUDIT_DETAILS_SCHEMAS } from '../../src/audit/audit-details';
import { GENESIS_HASH, canonicalEntry, canonicalJson, chainHash } from '../../src/audit/audit-canonical';
import { hash, initCrypto, utf8Encode } from '../../src/crypto';

describe('audit canonical form', () => {
  beforeAll(() => initCrypto());

  const entry = {
    seq: 1,
    occurredAt: '2026-11-21T05:52:58.123Z',
    actorType: 'user',
    actorId: 'u-1',
    action: 'report.content_decrypted',
    targetType: 'report',
    targetId: 'r-1',
    details: '{"fields":["situation"],"purpose":"triage"}',
  };

  it('is the documented JSON array', () => {
    expect(canonicalEntry(entry)).toBe(
      '["corridor.audit.v1",1,"2026-11-21T05:52:58.123Z","user","u-1","report.content_decrypted","report","r-1",' +
        '"{\\"fields\\":[\\"situation\\"],\\"purpose\\":\\"triage\\"}"]',
    );
    expect(canonicalEntry({ ...entry, actorId: null, targetType: null, targetId: null })).toContain(
      '"user",null,"report.content_decrypted",null,null,',
    );
  });

  it('hashes BLAKE2b-256(prev ‖ canonical), reproducible from the spec alone', () => {
    const expected = hash(new Uint8Array([...GENESIS_HASH, ...utf8Encode(canonicalEntry(entry))]));
    expect(Buffer.from(chainHash(GENESIS_HASH, entry)).toString('hex')).toBe(
      Buffer.from(expected).toString('hex'),
    );
    // A known answer pins the format: any change to it breaks every existing log.
    expect(Buffer.from(chainHash(GENESIS_HASH, entry)).toString('hex')).toMatchInlineSnapshot(
      `"7243686c2e0c6895a2af0e63f09533174d1ab76a2812e296b43f07f0b9d17e39"`,
    );
  });

  it('changes the hash when any field, the position or the predecessor changes', () => {
    const base = Buffer.from(chainHash(GENESIS_HASH, entry)).toString('hex');
    const variants = [
      { ...entry, seq: 2 },
      { ...entry, occurredAt: '2026-11-21T05:52:58.124Z' },
      { ...entry, actorId: 'u-2' },
      { ...entry, action: 'report.submitted' },
      { ...entry, targetId: null },
      { ...entry, details: '{}' },
    ];
    for (const v of variants) expect(Buffer.from(chainHash(GENESIS_HASH, v)).toString('hex')).not.toBe(base);
    expect(Buffer.from(chainHash(new Uint8Array(32).fill(1), entry)).toString('hex')).not.toBe(base);
  });

  it('canonical JSON sorts keys at every level and is the same for any key order', () => {
    /** The same value with the keys of every object, at every depth, in reverse order. */
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    // Nested objects and arrays of any JSON value, so key order matters at every depth.
    const nested = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 });
    fc.assert(
      fc.property(nested, (obj) => {
        expect(canonicalJson(reverseKeys(obj))).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
        expect(canonicalJson(obj)).toBe(referenceCanonical(obj));
      }),
      { numRuns: 300 },
    );
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(canonicalJson({ z: [{ y: 1, x: { w: 2, v: 3 } }] })).toBe('{"z":[{"x":{"v":3,"w":2},"y":1}]}');
  });

  it('has a details shape for every action, rejecting unknown keys', () => {
    for (const action of Object.values(AuditAction)) {
      const schema = AUDIT_DETAILS_SCHEMAS[action];
      expect(schema).toBeDefined();
      expect(schema.safeParse({ content: 'x' }).success).toBe(false);
    }
  });
});

/**
 * Canonical JSON written independently: keys of every object sorted by UTF-16 code units (the
 * order of Array.prototype.sort without a comparator), undefined members dropped, arrays in order.
 */
function referenceCanonical(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(referenceCanonical).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return (
      '{' +
      keys
        .map((k) => JSON.stringify(k) + ':' + referenceCanonical((v as Record<string, unknown>)[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(v);
}
