# The template → root contract (plugins/scaffolder-backend-module-videogen/
# src/templateRootContract.test.ts): plans this root with exactly the
# variables the run engine would pass for a template's default inputs, which
# arrive as TF_VAR_* from the test. Deliberately no variables block here: a
# value missing from the engine's set must fail the plan.
# Not run by terraform/test.sh (it has no values of its own).

mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "../../tests/mocks/aws"
}

run "plans_with_the_engine_inputs" {
  command = plan
}
