/** 16-bit PCM audio as espeak-ng writes it. */
export interface Pcm16 {
  sampleRate: number;
  channels: number;
  samples: Int16Array;
}

export class WavFormatError extends Error {}

export function parseWav(buf: Buffer): Pcm16 {
  if (
    buf.length < 12 ||
    buf.toString('latin1', 0, 4) !== 'RIFF' ||
    buf.toString('latin1', 8, 12) !== 'WAVE'
  ) {
    throw new WavFormatError('not a WAV file');
  }
  let at = 12;
  let format:
    | { channels: number; sampleRate: number; bits: number; tag: number }
    | undefined;
  while (at + 8 <= buf.length) {
    const id = buf.toString('latin1', at, at + 4);
    const declared = buf.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      if (body + 16 > buf.length) {
        throw new WavFormatError('truncated fmt chunk');
      }
      format = {
        tag: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        bits: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format) {
        throw new WavFormatError('data before fmt chunk');
      }
      if (
        (format.tag !== 1 && format.tag !== 0xfffe) ||
        format.bits !== 16 ||
        format.channels < 1
      ) {
        throw new WavFormatError('not 16-bit PCM');
      }
      // Streamed WAVs may declare 0 or 0xFFFFFFFF bytes: take what is there.
      const available = buf.length - body;
      const size =
        declared === 0 || declared > available ? available : declared;
      const usable = size - (size % (2 * format.channels));
      const samples = new Int16Array(usable / 2);
      for (let i = 0; i < samples.length; i++) {
        samples[i] = buf.readInt16LE(body + i * 2);
      }
      return {
        sampleRate: format.sampleRate,
        channels: format.channels,
        samples,
      };
    }
    at = body + declared + (declared % 2);
  }
  throw new WavFormatError('no data chunk');
}

export function pcmDurationSeconds(pcm: Pcm16): number {
  return pcm.samples.length / pcm.channels / pcm.sampleRate;
}

export function encodeWav(pcm: Pcm16): Buffer {
  const dataBytes = pcm.samples.length * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'latin1');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'latin1');
  buf.write('fmt ', 12, 'latin1');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(pcm.channels, 22);
  buf.writeUInt32LE(pcm.sampleRate, 24);
  buf.writeUInt32LE(pcm.sampleRate * pcm.channels * 2, 28);
  buf.writeUInt16LE(pcm.channels * 2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'latin1');
  buf.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < pcm.samples.length; i++) {
    buf.writeInt16LE(pcm.samples[i], 44 + i * 2);
  }
  return buf;
}
