import { proofBits } from '../../src/abuse/proof-of-work';

/*
 * Fixed vectors for the proof-of-work clients implement (SECURITY.md, "Proof of work"): the leading
 * zero bits of SHA-256 over the ASCII of challenge + nonce. Computed outside the project with
 * Python's hashlib, e.g. hashlib.sha256(b'Q29ycmlkb3ItcG93LXRlc3' + b'd60c').hexdigest().
 */
const CHALLENGE = 'Q29ycmlkb3ItcG93LXRlc3'; // 22 base64url characters, like a real challenge

describe('proof of work: fixed vectors', () => {
  it.each([
    // nonce, SHA-256(challenge ‖ nonce) as published by hashlib, leading zero bits
    ['0', '4de6fe029e43ca3e29bb2fe133ed7bad1f3fb31632acec24b40d5d93b9849431', 1],
    ['72', '00d8fe05aad29a87dac5334e17d85f395e80cd01875959973f7e29e4b52565f7', 8],
    ['7ad', '0003f1f7f94ed775a771e55754f4567b12c419d3cd291602685a7b5c3ecf20e6', 14],
    ['d60c', '0000755ea4b3ecf88b92a4b288c65b8561108bc3082ec14ee2eae2ad63f9084f', 17],
    ['c4ff5', '00000b73e700fee1ccce3a8bc002e9b795022f590ed7464a0a02d260ff681b14', 20],
  ])('nonce %s → %s → %d bits', (nonce, _digest, bits) => {
    expect(proofBits(CHALLENGE, nonce)).toBe(bits);
  });

  it('the challenge comes first: SHA-256("d60c" ‖ challenge) = 3f4dfdd1… has 2 leading zero bits, not 17', () => {
    expect(proofBits('d60c', CHALLENGE)).toBe(2);
  });
});
