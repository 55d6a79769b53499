import { installErrorAnswerGuard } from './__testUtils__/errorAnswerGuard';

// No answer of this API may carry a stack trace or a server path, in any
// mode: every error answer any test of this package produces is checked.
const guard = installErrorAnswerGuard();

afterEach(() => {
  const violations = guard.take();
  if (violations.length > 0) {
    throw new Error(
      `Error answers carried a stack trace or a server path:\n${violations
        .map(
          v =>
            `${v.status} ${v.request}: ${v.problems.join(', ')}\n  ${v.body}`,
        )
        .join('\n')}`,
    );
  }
});
