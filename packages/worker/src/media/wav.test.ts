import { encodeWav, parseWav, pcmDurationSeconds } from './wav';

describe('wav', () => {
  it('round-trips 16-bit PCM', () => {
    const pcm = {
      sampleRate: 22050,
      channels: 1,
      samples: Int16Array.from([0, 1, -1, 32767, -32768]),
    };
    const parsed = parseWav(encodeWav(pcm));
    expect(parsed.sampleRate).toBe(22050);
    expect(Array.from(parsed.samples)).toEqual([0, 1, -1, 32767, -32768]);
    expect(pcmDurationSeconds({ ...pcm, samples: new Int16Array(22050) })).toBe(
      1,
    );
  });

  it('reads streamed WAVs whose data size is unknown and skips extra chunks', () => {
    const wav = encodeWav({
      sampleRate: 8000,
      channels: 1,
      samples: Int16Array.from([5, 6]),
    });
    wav.writeUInt32LE(0xffffffff, 40);
    expect(Array.from(parseWav(wav).samples)).toEqual([5, 6]);

    const list = Buffer.concat([
      Buffer.from('LIST', 'latin1'),
      Buffer.from([3, 0, 0, 0, 1, 2, 3, 0]),
    ]);
    const withList = Buffer.concat([
      wav.subarray(0, 36),
      list,
      wav.subarray(36),
    ]);
    withList.writeUInt32LE(4, 40 + list.length);
    expect(Array.from(parseWav(withList).samples)).toEqual([5, 6]);
  });

  it('rejects what it cannot use', () => {
    expect(() => parseWav(Buffer.from('nope'))).toThrow(/not a WAV/);
    const eightBit = encodeWav({
      sampleRate: 8000,
      channels: 1,
      samples: new Int16Array(2),
    });
    eightBit.writeUInt16LE(8, 34);
    expect(() => parseWav(eightBit)).toThrow(/16-bit PCM/);
  });
});
