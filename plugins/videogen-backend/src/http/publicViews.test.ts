import { RunLogChunk } from '@videogen/plugin-videogen-common';
import { LONG_LINE_CHARS, publicLogChunk } from './publicViews';
import { containsServerPath } from './scrubServerPaths';

const chunk = (
  text: string,
  offset: number,
  complete = false,
): RunLogChunk => ({
  runId: 'r1',
  offset,
  nextOffset: offset + text.length,
  text,
  complete,
  status: complete ? 'SUCCEEDED' : 'RUNNING',
});

describe('publicLogChunk', () => {
  const log =
    'Apply complete!\nOutputs:\nstorage_path = "/var/lib/videogen/data/storage"\nuploads_bucket = "/var/lib/videogen/data/uploads"\n';

  it('never shows part of a server path, wherever the log was cut when it was read', () => {
    // Every place a read could stop: follow nextOffset the way a browser
    // does, with the stored log growing up to `cut` first and then whole.
    for (let cut = 1; cut < log.length; cut++) {
      let offset = 0;
      let shown = '';
      for (const stored of [cut, log.length]) {
        const part = publicLogChunk(
          chunk(log.slice(offset, stored), offset, stored === log.length),
        );
        shown += part.text;
        offset = part.nextOffset;
      }
      expect(offset).toBe(log.length);
      expect(containsServerPath(shown)).toBe(false);
      expect(shown).not.toMatch(/\/var|lib\/|videogen\/data/);
      expect(shown).toContain('storage_path = "[path]"');
    }
  });

  it('holds back the line being written until it ends, and returns a finished log whole', () => {
    const part = publicLogChunk(chunk('one\ntwo\nthr', 100));
    expect(part).toMatchObject({
      text: 'one\ntwo\n',
      offset: 100,
      nextOffset: 108,
    });

    const rest = publicLogChunk(chunk('three', 108, true));
    expect(rest).toMatchObject({
      text: 'three',
      nextOffset: 113,
      complete: true,
    });
  });

  it('returns text without a line end only when it is long, so a reader always moves on', () => {
    expect(publicLogChunk(chunk('no line end yet', 0))).toMatchObject({
      text: '',
      nextOffset: 0,
    });
    const long = 'x'.repeat(LONG_LINE_CHARS);
    expect(publicLogChunk(chunk(long, 0))).toMatchObject({
      text: long,
      nextOffset: LONG_LINE_CHARS,
    });
  });
});
