import { parseRange } from './range';

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=100-', 1000, { start: 100, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=-5000', 1000, { start: 0, end: 999 }],
    ['bytes=990-2000', 1000, { start: 990, end: 999 }],
    ['bytes=999-999', 1000, { start: 999, end: 999 }],
    // Ends past the object, however long, mean "to the end".
    ['bytes=0-99999999999999999999', 1000, { start: 0, end: 999 }],
    ['bytes=10-9007199254740993', 1000, { start: 10, end: 999 }],
    ['bytes=-99999999999999999999', 1000, { start: 0, end: 999 }],
  ])('reads %s of a %i byte object', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it.each([
    ['bytes=1000-', 1000],
    ['bytes=5000-6000', 1000],
    ['bytes=-0', 1000],
    ['bytes=0-', 0],
    ['bytes=99999999999999999999-', 1000],
    ['bytes=99999999999999999999-99999999999999999999', 1000],
  ])('calls %s of a %i byte object unsatisfiable', (header, size) => {
    expect(parseRange(header, size)).toBe('unsatisfiable');
  });

  it.each([
    undefined,
    '',
    'bytes=0-1,5-6',
    'items=0-5',
    'bytes=9-3',
    'bytes=-',
    'nonsense',
  ])('serves the whole object for %p', header => {
    expect(parseRange(header, 1000)).toBeUndefined();
  });
});
