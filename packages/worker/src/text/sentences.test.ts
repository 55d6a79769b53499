import { splitParagraphs, splitSentences } from './sentences';

describe('splitSentences', () => {
  it('does not split at abbreviations or decimals', () => {
    expect(splitSentences('Dr. Who paid 3.50 for it.')).toEqual([
      'Dr. Who paid 3.50 for it.',
    ]);
  });

  it.each([
    ['Mr. Smith and Mrs. Jones met St. George.', 1],
    ['Bring fruit, e.g. pears, i.e. the good ones. Then go.', 2],
    ['Pears, apples, etc. are sweet. Then she left.', 2],
    ['J. R. R. Tolkien wrote it. He liked it.', 2],
    ['Prof. Plum left at 5 p.m. on Monday.', 1],
    ['See No. 5 on the list. It is red.', 2],
    ['She said no. The fox left.', 2],
    ['It was I. Then he smiled.', 2],
    ['The U.S. Army came. They left.', 2],
  ])('%s -> %i sentence(s)', (text, count) => {
    expect(splitSentences(text)).toHaveLength(count);
  });

  it('splits at ! ? and ellipses, keeping closing quotes with the sentence', () => {
    expect(splitSentences('“Run!” she said. Where to? Away… Now.')).toEqual([
      '“Run!” she said.',
      'Where to?',
      'Away…',
      'Now.',
    ]);
  });

  it('treats single line breaks as spaces and blank lines as sentence ends', () => {
    const text =
      'The Knight\n\nSir Aldric rode out\nat dusk. He rode far\r\n\r\nThe end';
    expect(splitSentences(text)).toEqual([
      'The Knight',
      'Sir Aldric rode out at dusk.',
      'He rode far',
      'The end',
    ]);
    expect(splitParagraphs('a\n \n\nb\n')).toEqual(['a', 'b']);
  });

  it('splits Chinese full stops without spaces', () => {
    expect(splitSentences('你好。世界！')).toEqual(['你好。', '世界！']);
  });

  it('handles one sentence and forty sentences', () => {
    expect(splitSentences('Just one sentence without a stop')).toEqual([
      'Just one sentence without a stop',
    ]);
    const forty = Array.from(
      { length: 40 },
      (_, i) => `Sentence number ${i + 1} is here.`,
    );
    const split = splitSentences(forty.join(' '));
    expect(split).toHaveLength(40);
    expect(split[39]).toBe('Sentence number 40 is here.');
  });

  it('folds punctuation-only fragments into a neighbour and ignores empty scripts', () => {
    expect(splitSentences('Hello there. ... 😀 !')).toEqual([
      'Hello there. ... 😀 !',
    ]);
    expect(splitSentences('  \n\n ... \n')).toEqual([]);
    expect(splitSentences('')).toEqual([]);
  });

  it('strips a byte order mark', () => {
    expect(splitSentences('\uFEFFHello.')).toEqual(['Hello.']);
  });
});
