import { checkEnvironmentName } from './environments';

describe('checkEnvironmentName', () => {
  it.each(['dev', 'prod-eu-west-1', 'a1b', 'x'.repeat(32)])(
    'accepts %s',
    name => expect(checkEnvironmentName(name)).toBeUndefined(),
  );

  it.each(['', 'ab', 'Prod', '1st', 'dev-', 'dev_1', 'a'.repeat(33), '../etc'])(
    'refuses %j with an explanation',
    name =>
      expect(checkEnvironmentName(name)).toMatch(
        /not a valid environment name/,
      ),
  );
});
