import { parseArgs } from './args';
import { InputError } from './errors';

const render = [
  'render',
  '--photo',
  'file:///p.jpg',
  '--script',
  'file:///s.txt',
  '--out',
  'file:///o',
];

describe('parseArgs', () => {
  it('parses render flags', () => {
    expect(parseArgs(render)).toEqual({
      kind: 'render',
      photoUri: 'file:///p.jpg',
      scriptUri: 'file:///s.txt',
      outputUri: 'file:///o',
      concurrency: undefined,
    });
  });

  it('accepts --flag=value and --concurrency', () => {
    expect(
      parseArgs([
        'render',
        '--photo=s3://b1b/p',
        '--script=s3://b1b/s',
        '--out=s3://b2b/o',
        '--concurrency=3',
      ]),
    ).toMatchObject({ photoUri: 's3://b1b/p', concurrency: 3 });
  });

  it('takes --lease-stdin as a switch without a value, off by default', () => {
    const base = ['render', '--photo', 'file:///p', '--script', 'file:///s'];
    expect(
      parseArgs([...base, '--lease-stdin', '--out', 'file:///o']),
    ).toMatchObject({ leaseStdin: true, outputUri: 'file:///o' });
    expect(parseArgs([...base, '--out', 'file:///o'])).not.toHaveProperty(
      'leaseStdin',
    );
  });

  it('takes every input from the environment (AWS Batch)', () => {
    expect(
      parseArgs(['render'], {
        VIDEOGEN_PHOTO_URI: 's3://up/p.jpg',
        VIDEOGEN_SCRIPT_URI: 's3://up/s.txt',
        VIDEOGEN_OUTPUT_URI: 's3://vid/job/',
        VIDEOGEN_CONCURRENCY: '2',
      }),
    ).toEqual({
      kind: 'render',
      photoUri: 's3://up/p.jpg',
      scriptUri: 's3://up/s.txt',
      outputUri: 's3://vid/job/',
      concurrency: 2,
    });
  });

  it('lets flags override the environment', () => {
    expect(
      parseArgs(render, { VIDEOGEN_PHOTO_URI: 's3://up/other.jpg' }),
    ).toMatchObject({
      photoUri: 'file:///p.jpg',
    });
  });

  it('recognises --help and --version anywhere', () => {
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseArgs(['render', '--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /missing command/],
    [['draw'], /unknown command "draw"/],
    [['render', '--photo', 'file:///p.jpg'], /missing --script/],
    [['render', '--photo'], /needs a value/],
    [['render', '--photo', '--script', 'x'], /needs a value/],
    [['render', '--colour', 'red'], /unknown option --colour/],
    [['render', 'extra'], /unexpected argument "extra"/],
    [[...render, '--photo', 'file:///q.jpg'], /more than once/],
    [[...render, '--concurrency', '0'], /between 1 and 64/],
    [[...render, '--concurrency', 'two'], /positive whole number/],
  ])('rejects %p', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(InputError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('ignores empty environment values', () => {
    expect(() => parseArgs(['render'], { VIDEOGEN_PHOTO_URI: ' ' })).toThrow(
      /missing --photo/,
    );
  });
});
