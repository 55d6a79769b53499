import { InputError } from './errors';
import {
  childUri,
  parseInputLocation,
  parseLocation,
  parseOutputLocation,
} from './uri';

describe('parseLocation', () => {
  it('parses file URIs, decoding percent escapes', () => {
    expect(parseLocation('file:///tmp/my%20photo.jpg', 'photo')).toEqual({
      kind: 'file',
      uri: 'file:///tmp/my%20photo.jpg',
      path: '/tmp/my photo.jpg',
    });
    expect(parseLocation('file://localhost/tmp/a.txt', 'script')).toMatchObject(
      { path: '/tmp/a.txt' },
    );
  });

  it('parses s3 URIs, keeping the key literal', () => {
    expect(
      parseLocation('s3://uploads-bucket/users/42/photo%20one.jpg', 'photo'),
    ).toEqual({
      kind: 's3',
      uri: 's3://uploads-bucket/users/42/photo%20one.jpg',
      bucket: 'uploads-bucket',
      key: 'users/42/photo%20one.jpg',
    });
  });

  it.each([
    ['/tmp/photo.jpg', /not supported/],
    ['http://example.com/a.jpg', /not supported/],
    ['', /not supported/],
    ['file://server/share/a.jpg', /remote host/],
    ['file:///tmp/a.jpg?x=1', /percent-encode/],
    ['s3://Bad_Bucket/key', /invalid bucket/],
    ['s3://ab/key', /invalid bucket/],
  ])('rejects %p', (uri, message) => {
    expect(() => parseLocation(uri, 'photo')).toThrow(InputError);
    expect(() => parseLocation(uri, 'photo')).toThrow(message);
  });
});

describe('parseInputLocation', () => {
  it('requires an object or file', () => {
    expect(() => parseInputLocation('s3://bucket', 'photo')).toThrow(
      /names a prefix/,
    );
    expect(() => parseInputLocation('s3://bucket/dir/', 'photo')).toThrow(
      /names a prefix/,
    );
    expect(() => parseInputLocation('file:///tmp/', 'photo')).toThrow(
      /directory/,
    );
  });
});

describe('parseOutputLocation', () => {
  it('normalises trailing slashes of the prefix', () => {
    expect(parseOutputLocation('s3://videos/jobs/1/')).toMatchObject({
      bucket: 'videos',
      key: 'jobs/1',
    });
    expect(parseOutputLocation('file:///tmp/out/')).toMatchObject({
      path: '/tmp/out',
    });
  });

  it('refuses a bucket root or the file system root', () => {
    expect(() => parseOutputLocation('s3://videos')).toThrow(/no prefix/);
    expect(() => parseOutputLocation('s3://videos/')).toThrow(/no prefix/);
    expect(() => parseOutputLocation('file:///')).toThrow(/root/);
  });

  it('names children for messages', () => {
    expect(
      childUri(parseOutputLocation('s3://videos/jobs/1/'), 'video.mp4'),
    ).toBe('s3://videos/jobs/1/video.mp4');
  });
});
