import { InputError } from '../errors';
import { checkPhoto, decodeScript, scriptSentences } from './fetchInputs';
import { LIMITS } from './settings';

describe('decodeScript', () => {
  it('decodes UTF-8 and rejects empty, UTF-16 and other text', () => {
    expect(decodeScript(Buffer.from('Grüße.'), 'file:///s.txt')).toBe('Grüße.');
    expect(() => decodeScript(Buffer.alloc(0), 'file:///s.txt')).toThrow(
      new InputError('script file:///s.txt is empty'),
    );
    expect(() =>
      decodeScript(Buffer.from([0xff, 0xfe, 0x41, 0x00]), 'file:///s.txt'),
    ).toThrow('script is UTF-16 text; save it as UTF-8');
    expect(() =>
      decodeScript(Buffer.from([0x41, 0xc3]), 'file:///s.txt'),
    ).toThrow('script is not UTF-8 text');
  });
});

describe('scriptSentences', () => {
  it('needs at least one and at most LIMITS.scenes sentences', () => {
    expect(scriptSentences('One. Two.')).toHaveLength(2);
    expect(() => scriptSentences('... !!!')).toThrow(
      'script has nothing to narrate',
    );
    expect(() => scriptSentences('Go. '.repeat(LIMITS.scenes + 1))).toThrow(
      `at most ${LIMITS.scenes} are supported`,
    );
  });
});

describe('checkPhoto', () => {
  it('recognises a PNG and rejects empty or unknown bytes', () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13,
    ]);
    expect(checkPhoto(png, 'file:///p.png')).toBe('png');
    expect(() => checkPhoto(Buffer.alloc(0), 'file:///p.png')).toThrow(
      'photo file:///p.png is empty',
    );
    expect(() =>
      checkPhoto(Buffer.from('hello world'), 'file:///p.png'),
    ).toThrow('photo is not a JPEG, PNG or WebP image');
  });
});
