import { isDatabaseUnavailable } from '../../src/persistence/unavailable';

describe('isDatabaseUnavailable', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ name: 'QueryFailedError', message: 'x', driverError: { code: '57P03' } }],
    [new Error('Connection terminated unexpectedly')],
    [new Error('timeout exceeded when trying to connect')],
  ])('says yes to %p', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }],
    [new TypeError("Cannot read properties of undefined (reading 'id')")],
    [null],
    ['a string'],
  ])('says no to %p', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
