import { passwordProblems } from '../../src/auth/password-policy';

describe('password policy', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblems('velvet-harbour-quietly-47', 'anna', 12)).toEqual([]);
  });

  it('refuses short passwords, counting characters rather than bytes or UTF-16 units', () => {
    expect(passwordProblems('Short-1', 'anna', 12)).toContain('min_length');
    // 12 characters (24 UTF-8 bytes): long enough.
    expect(passwordProblems('ёжикёжикёжик', 'anna', 12)).not.toContain('min_length');
    // 11 characters but 22 UTF-8 bytes: too short (a byte count would let it through).
    expect(passwordProblems('ёжикёжикёжи', 'anna', 12)).toContain('min_length');
    // 6 characters, 12 UTF-16 code units, 24 bytes: too short (String.length would say 12).
    expect(passwordProblems('😎🌍🔥🎉🚀🌙', 'anna', 12)).toContain('min_length');
  });

  it('refuses common passwords, also with the usual digits and symbols appended', () => {
    for (const p of ['password1234', 'qwertyuiop123', 'Iloveyou2024!', 'PASSWORDPASSWORD', '123456789012']) {
      expect(passwordProblems(p, 'anna', 8)).toContain('common');
    }
  });

  it('refuses a password that contains the username', () => {
    expect(passwordProblems('my-name-is-Coordinator7-ok', 'coordinator7', 12)).toContain('contains_username');
  });
});
