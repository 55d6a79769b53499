import { examples } from './envDestroy.examples';
import { createEnvDestroyAction } from './envDestroy';
import { describeEnvActionExamples } from '../__testUtils__/envActionExamples';

jest.setTimeout(180_000);

describe('envDestroy examples', () => {
  describeEnvActionExamples(createEnvDestroyAction, examples);
});
