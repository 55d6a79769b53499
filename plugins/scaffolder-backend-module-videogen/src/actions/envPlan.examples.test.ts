import { examples } from './envPlan.examples';
import { createEnvPlanAction } from './envPlan';
import { describeEnvActionExamples } from '../__testUtils__/envActionExamples';

jest.setTimeout(180_000);

describe('envPlan examples', () => {
  describeEnvActionExamples(createEnvPlanAction, examples);
});
