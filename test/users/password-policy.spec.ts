import { passwordProblems } from '../../src/users/password-policy';

describe('password policy', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblems('velvet-harbour-quietly-47', 'anna', 12)).toEqual([]);
  });

  it('refuses short passwords, counting characters rather than bytes', () => {
    expect(passwordProblems('Short-1', 'anna', 12)).toContain('min_length');
    expect(passwordProblems('ёжикёжикёжик', 'anna', 12)).not.toContain('min_length');
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
