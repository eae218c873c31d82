import { CryptoError } from '../../src/crypto';
import { toAppError } from '../../src/common/http/error-mapping';

describe('toAppError', () => {
  it('maps a full worker-thread pool (CryptoError BUSY) to 503 SERVICE_UNAVAILABLE on every route', () => {
    const mapped = toAppError(new CryptoError('BUSY', 'the crypto pool queue is full'));
    expect({ status: mapped.status, code: mapped.code }).toEqual({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
    });
  });

  it('keeps any other crypto failure an internal error, with the generic message', () => {
    const mapped = toAppError(new CryptoError('DECRYPT_FAILED', 'could not open'));
    expect({ status: mapped.status, code: mapped.code }).toEqual({ status: 500, code: 'INTERNAL_ERROR' });
    expect(mapped.message).not.toContain('could not open');
  });

  it('maps node-postgres` client-side query timeout (a silent database link) to 503, and only that message', () => {
    const mapped = toAppError(new Error('Query read timeout'));
    expect({ status: mapped.status, code: mapped.code }).toEqual({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(toAppError(new Error('a value quoting Query read timeout')).status).toBe(500);
  });
});
