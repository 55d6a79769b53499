import { examples } from './envApply.examples';
import { createEnvApplyAction } from './envApply';
import { describeEnvActionExamples } from '../__testUtils__/envActionExamples';

jest.setTimeout(180_000);

describe('envApply examples', () => {
  describeEnvActionExamples(createEnvApplyAction, examples);
});
