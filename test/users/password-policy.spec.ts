import { passwordProblems } from '../../src/users/password-policy';

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

  it('counts up to the maximum length inclusively: 1024 characters pass, 1025 do not', () => {
    const at = 'ж'.repeat(1024);
    expect(passwordProblems(at, 'anna', 12)).not.toContain('max_length');
    expect(passwordProblems(`${at}ж`, 'anna', 12)).toContain('max_length');
  });

  it('strips the whole run of trailing digits and symbols, and only at the end', () => {
    for (const p of ['Password2024!!', 'password_', 'dragon-', 'SUNSHINE 99']) {
      expect({ p, problems: passwordProblems(p, 'anna', 6) }).toEqual({ p, problems: ['common'] });
    }
    // A common word with digits in front is not "strengthened" that way: not refused as common.
    expect(passwordProblems('2024password', 'anna', 6)).toEqual([]);
  });

  it('ignores whitespace anywhere when comparing with the list', () => {
    expect(passwordProblems('pa ss  word', 'anna', 6)).toContain('common');
    expect(passwordProblems('sun\tshine', 'anna', 6)).toContain('common');
  });

  it('refuses no password merely for being all digits and symbols, nor for quoting the list`s comments', () => {
    // Stripped to nothing: an empty line or a comment of the list must never count as a password.
    expect(passwordProblems('}{][|?><~`,.+=', 'anna', 8)).toEqual([]);
    expect(
      passwordProblems(
        '# Common passwords refused by the password policy (lower-case, one per line).',
        'anna',
        8,
      ),
    ).not.toContain('common');
  });

  it('checks the username only from three characters on, ignoring case', () => {
    expect(passwordProblems('velvet-ab-harbour-47', 'ab', 12)).toEqual([]);
    expect(passwordProblems('velvet-ABC-harbour-47', 'abc', 12)).toEqual(['contains_username']);
  });
});
