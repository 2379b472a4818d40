import type { IncomingMessage } from 'node:http';
import { declaredBodyLength, UnverifiedBytes } from '../../src/platform/unverified-bytes';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('UnverifiedBytes', () => {
  it('reserves up to its limit and gives bytes back once, however often release is called', () => {
    const budget = new UnverifiedBytes(100);
    const a = budget.reserve(60)!;
    expect(budget.reserve(41)).toBeNull();
    const b = budget.reserve(40)!;
    expect(budget.inUse).toBe(100);
    a.release();
    a.release();
    expect(budget.inUse).toBe(40);
    b.release();
    expect(budget.inUse).toBe(0);
  });
});

describe('declaredBodyLength', () => {
  it('reads Content-Length, is 0 without a body, unknown when chunked or garbled', () => {
    expect(declaredBodyLength(req({ 'content-length': '1234' }))).toBe(1234);
    expect(declaredBodyLength(req({}))).toBe(0);
    expect(declaredBodyLength(req({ 'transfer-encoding': 'chunked' }))).toBeUndefined();
    expect(declaredBodyLength(req({ 'content-length': '1e9' }))).toBeUndefined();
  });
});
