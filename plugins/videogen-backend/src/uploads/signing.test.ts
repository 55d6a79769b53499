import { UploadUrlSigner } from './signing';

const put = {
  uploadId: '0b6f9a8e-1111-4222-8333-944455556666',
  part: 'photo' as const,
  sha256: 'ab'.repeat(32),
  sizeBytes: 1000,
  expires: 1_900_000_000,
};

describe('UploadUrlSigner', () => {
  it('accepts its own signature and refuses any change to what it covers', () => {
    const signer = new UploadUrlSigner();
    const signature = signer.sign(put);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(signer.verify(put, signature)).toBe(true);
    for (const change of [
      { uploadId: '1b6f9a8e-1111-4222-8333-944455556666' },
      { part: 'script' as const },
      { sha256: 'cd'.repeat(32) },
      { sizeBytes: 1001 },
      { expires: put.expires + 1 },
    ]) {
      expect(signer.verify({ ...put, ...change }, signature)).toBe(false);
    }
  });

  it('refuses malformed signatures and those of another key (another backend process)', () => {
    const signer = new UploadUrlSigner();
    expect(signer.verify(put, '')).toBe(false);
    expect(signer.verify(put, 'zz'.repeat(32))).toBe(false);
    expect(signer.verify(put, signer.sign(put).slice(0, 62))).toBe(false);
    expect(signer.verify(put, new UploadUrlSigner().sign(put))).toBe(false);
  });
});
