import { deadLeaseOwnersOnHost, isProcessAlive } from './localLeases';

describe('deadLeaseOwnersOnHost', () => {
  const here = {
    host: 'web-1.example',
    pid: 100,
    isAlive: (pid: number) => pid === 200,
  };

  it('finds the dead processes of this host only', () => {
    expect(
      deadLeaseOwnersOnHost(
        [
          'web-1.example/100/aaaa', // this process
          'web-1.example/200/bbbb', // alive
          'web-1.example/300/cccc', // dead
          'web-2.example/300/dddd', // another host: cannot be judged
          'not-an-owner',
          'web-1.example/abc/eeee',
        ],
        here,
      ),
    ).toEqual(['web-1.example/300/cccc']);
  });

  it('keeps host names with slashes whole', () => {
    expect(
      deadLeaseOwnersOnHost(['pod/ns/300/x'], { ...here, host: 'pod/ns' }),
    ).toEqual(['pod/ns/300/x']);
  });
});

describe('isProcessAlive', () => {
  it('sees this process', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
  });
});
