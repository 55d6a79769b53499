# The template → root contract (plugins/scaffolder-backend-module-videogen/
# src/templateRootContract.test.ts): plans this root with exactly the
# variables the run engine would pass for a template's default inputs, which
# arrive as TF_VAR_* from the test. Deliberately no variables block here.
# Not run by terraform/test.sh (it has no values of its own).

run "plans_with_the_engine_inputs" {
  command = plan
}
