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
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(obj);
      }),
    );
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
  });

  it('has a details shape for every action, rejecting unknown keys', () => {
    for (const action of Object.values(AuditAction)) {
      const schema = AUDIT_DETAILS_SCHEMAS[action];
      expect(schema).toBeDefined();
      expect(schema.safeParse({ content: 'x' }).success).toBe(false);
    }
  });
});
