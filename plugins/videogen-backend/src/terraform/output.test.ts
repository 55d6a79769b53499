import {
  firstError,
  isStalePlanError,
  parseLockInfo,
  parseOutputs,
  SecretScrubber,
  stripAnsi,
  summarizePlan,
} from './output';

describe('stripAnsi', () => {
  it('removes colours, cursor moves and OSC titles', () => {
    expect(
      stripAnsi('\u001b[1m\u001b[32mApply complete!\u001b[0m\u001b[2K\u001b]0;title\u0007 done'),
    ).toBe('Apply complete! done');
  });
});

describe('SecretScrubber', () => {
  it('replaces every secret, its JSON-escaped form, longest first', () => {
    const scrubber = new SecretScrubber(['pa"ss-word', 'pa"ss', undefined, 'abc']);
    expect(scrubber.scrub('a pa"ss-word b pa\\"ss-word c pa"ss')).toBe(
      'a *** b *** c ***',
    );
    // Too short to scrub without wrecking the log.
    expect(scrubber.scrub('abc')).toBe('abc');
    expect(scrubber.scrubValue({ k: ['x pa"ss y', 3, true] })).toEqual({
      k: ['x *** y', 3, true],
    });
  });
});

describe('SecretScrubber with base64', () => {
  const secret = 'canary-db-password-7f3a';

  it.each([0, 1, 2, 5])(
    'hides the secret inside base64 text whatever its offset (%i bytes before it)',
    prefixLength => {
      const userData = `${'#'.repeat(prefixLength)}DB_PASSWORD=${secret}\nDONE\n`;
      const encoded = Buffer.from(userData).toString('base64');
      const scrubbed = new SecretScrubber([secret]).scrub(
        `user_data = "${encoded}"`,
      );
      expect(scrubbed).toContain('***');
      // No run of the secret's bytes survives decoding what is left.
      const survivors = scrubbed
        .split(/[^A-Za-z0-9+/=]+|\*\*\*/)
        .map(part => Buffer.from(part, 'base64').toString('latin1'))
        .join('|');
      expect(survivors).not.toContain('password-7f');
    },
  );

  it('hides the URL-safe base64 form too', () => {
    const encoded = Buffer.from(`x${secret}??>>`).toString('base64url');
    expect(new SecretScrubber([secret]).scrub(encoded)).toContain('***');
  });

  it('keeps the base64 forms when a scrubber is extended', () => {
    const encoded = Buffer.from(`ab${secret}`).toString('base64');
    const scrubber = new SecretScrubber([secret]).with(['another-secret']);
    expect(scrubber.scrub(encoded)).toContain('***');
    expect(scrubber.scrub('another-secret')).toBe('***');
  });

  it('leaves short secrets out of base64 matching', () => {
    expect(new SecretScrubber(['abcd']).scrub('YWJjZA==')).toBe('YWJjZA==');
  });
});

describe('parseLockInfo', () => {
  it("reads the lock of Terraform's state lock error", () => {
    const output = [
      'Error: Error acquiring the state lock',
      '',
      'Error message: resource temporarily unavailable',
      'Lock Info:',
      '  ID:        96f0b1ae-34a2-faca-71b6-aa6c43e1a5ca',
      '  Path:      terraform.tfstate',
      '  Operation: OperationTypeApply',
      '  Who:       ada@host',
      '  Version:   1.11.4',
      '  Created:   2026-11-26 11:26:02.060994138 +0000 UTC',
      '  Info:      ',
      '',
      'Terraform acquires a state lock to protect the state from being written',
    ].join('\n');
    expect(parseLockInfo(output)).toEqual({
      id: '96f0b1ae-34a2-faca-71b6-aa6c43e1a5ca',
      path: 'terraform.tfstate',
      operation: 'OperationTypeApply',
      who: 'ada@host',
      created: '2026-11-26 11:26:02.060994138 +0000 UTC',
    });
    expect(parseLockInfo('Error: something else')).toBeUndefined();
  });
});

describe('firstError', () => {
  it('skips the source location and keeps the explanation', () => {
    const output = [
      'terraform_data.broken: Creating...',
      'Error: local-exec provisioner error',
      '',
      '  with terraform_data.broken,',
      '  on main.tf line 8, in resource "terraform_data" "broken":',
      '   8:   provisioner "local-exec" {',
      '',
      "Error running command 'exit 3': exit status 3. Output: the fixture",
      'fails on purpose',
      '',
    ].join('\n');
    expect(firstError(output)).toBe(
      "local-exec provisioner error: Error running command 'exit 3': exit status 3. Output: the fixture fails on purpose",
    );
    expect(firstError('│ Error: Invalid value\n│\n│ The value is wrong.\n╵')).toBe(
      'Invalid value: The value is wrong.',
    );
    expect(firstError('all good')).toBeUndefined();
  });

  it('recognises a stale saved plan', () => {
    expect(
      isStalePlanError(
        'Error: Saved plan is stale\n\nThe given plan file can no longer be applied',
      ),
    ).toBe(true);
  });
});

describe('summarizePlan', () => {
  it("counts like Terraform's own summary line", () => {
    const plan = {
      resource_changes: [
        { change: { actions: ['create'] } },
        { change: { actions: ['delete', 'create'] } },
        { change: { actions: ['create', 'delete'] } },
        { change: { actions: ['update'] } },
        { change: { actions: ['delete'] } },
        { change: { actions: ['no-op'] } },
        { change: { actions: ['read'] } },
      ],
    };
    expect(summarizePlan(JSON.stringify(plan))).toEqual({
      add: 3,
      change: 1,
      destroy: 3,
    });
    expect(summarizePlan('{}')).toEqual({ add: 0, change: 0, destroy: 0 });
  });
});

describe('parseOutputs', () => {
  it('keeps values and hides sensitive ones', () => {
    expect(
      parseOutputs(
        JSON.stringify({
          region: { value: 'eu-west-1', type: 'string', sensitive: false },
          node_groups: { value: ['a', 'b'], type: ['list', 'string'] },
          password: { value: 'secret', type: 'string', sensitive: true },
        }),
      ),
    ).toEqual({
      region: 'eu-west-1',
      node_groups: ['a', 'b'],
      password: '(sensitive)',
    });
    expect(parseOutputs('')).toEqual({});
  });
});
