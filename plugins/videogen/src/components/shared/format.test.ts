import {
  displayUser,
  formatAge,
  formatBytes,
  formatDuration,
  secondsBetween,
  shortId,
} from './format';

describe('format', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');
  it('formats ages', () => {
    expect(formatAge(now, now)).toBe('just now');
    expect(formatAge(now - 12_000, now)).toBe('12 s ago');
    expect(formatAge(now - 3 * 60_000, now)).toBe('3 min ago');
    expect(formatAge(now - 5 * 3600_000, now)).toBe('5 h ago');
    expect(formatAge(now - 4 * 86400_000, now)).toBe('4 d ago');
    expect(formatAge('not a date', now)).toBe('at an unknown time');
    // A clock slightly ahead of ours is not "in the future".
    expect(formatAge(now + 2_000, now)).toBe('just now');
  });

  it('formats durations and sizes', () => {
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(0.25)).toBe('250 ms');
    expect(formatDuration(8.24)).toBe('8.2 s');
    expect(formatDuration(185)).toBe('3 min 5 s');
    expect(formatDuration(3720)).toBe('1 h 2 min');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(secondsBetween('2025-01-01T00:00:00Z', '2025-01-01T00:01:00Z')).toBe(
      60,
    );
    expect(secondsBetween(undefined, '2025-01-01T00:01:00Z')).toBeUndefined();
  });

  it('shortens ids and user refs', () => {
    expect(shortId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('0f8fad5b');
    expect(shortId('r1')).toBe('r1');
    expect(displayUser('user:default/guest')).toBe('guest');
    expect(displayUser(undefined)).toBe('someone');
  });
});
