import { initCrypto } from '../../src/crypto';
import { blindIndex } from '../../src/crypto/blind-index';
import { contactHints, phoneForIndex } from '../../src/triage/contact-hints';
import { TriagePriority, triagePriority } from '../../src/triage/triage-priority';
import { triageDefinition } from '../support/factories/triage.factory';

const key = new Uint8Array(32).fill(7);
const settings = { blindIndexKey: key, bits: 16, phoneCountry: 'RU' };

beforeAll(() => initCrypto());

describe('priority', () => {
  const definition = triageDefinition(); // detained_now weighs 100, wants_evacuation 50

  it.each([
    [[], TriagePriority.NORMAL],
    [['wants_evacuation'], TriagePriority.RAISED],
    [['detained_now'], TriagePriority.URGENT],
    [['detained_now', 'wants_evacuation'], TriagePriority.URGENT],
    [['a_field_removed_since'], TriagePriority.URGENT],
  ])('flags %j → %s', (flags, expected) => {
    expect(triagePriority(definition, flags)).toBe(expected);
  });

  it('two half-weight answers add up to urgent', () => {
    const halves = triageDefinition();
    halves.fields = halves.fields.map((f) => (f.key === 'detained_now' ? { ...f, urgencyWeight: 50 } : f));
    expect(triagePriority(halves, ['detained_now'])).toBe(TriagePriority.RAISED);
    expect(triagePriority(halves, ['detained_now', 'wants_evacuation'])).toBe(TriagePriority.URGENT);
  });
});

describe('contact hints', () => {
  it('reads national and international phone formats as one number', () => {
    for (const s of ['+7 (928) 123-45-67', '89281234567', '8 928 123 45 67', '+79281234567'])
      expect([s, phoneForIndex(s, 'RU')]).toEqual([s, '+79281234567']);
    expect(phoneForIndex('12345', 'RU')).toBeNull();
    expect(phoneForIndex('not a number', 'RU')).toBeNull();
  });

  it('gives one hint per contact answer, the blind index of the normalised value', () => {
    const definition = triageDefinition();
    const hints = contactHints(
      definition,
      { story: 'x', phone: '8 (928) 123-45-67', handle: '@Someone', email: 'A@Example.org' },
      settings,
    );
    expect(hints).toEqual([
      { kind: 1, bucket: blindIndex(key, 'phone', '+79281234567') },
      { kind: 2, bucket: blindIndex(key, 'handle', 'someone') },
      { kind: 3, bucket: blindIndex(key, 'email', 'a@example.org') },
    ]);
    expect(contactHints(definition, { phone: '+7 928 123 45 67' }, settings)).toEqual([hints[0]]);
  });

  it('skips what does not normalise and non-contact fields, and honours the bit count', () => {
    const definition = triageDefinition();
    expect(contactHints(definition, { story: '+79281234567', phone: '12', email: 'nope' }, settings)).toEqual(
      [],
    );
    const [coarse] = contactHints(definition, { phone: '89281234567' }, { ...settings, bits: 5 });
    expect(coarse.bucket).toBe(blindIndex(key, 'phone', '+79281234567', 5));
    expect(coarse.bucket).toBeLessThan(32);
  });
});
