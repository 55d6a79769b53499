#!/usr/bin/env bash
# Offline checks of all Terraform code in this folder:
#   1. terraform fmt -check -recursive
#   2. terraform init + validate in every module and root
#   3. terraform test wherever a tests/ folder exists (mocked AWS provider;
#      real applies of terraform_data for the local root), plus a plan of the
#      aws root with each committed variables profile
# Providers come from the filesystem mirror named in cli.tfrc; nothing is
# downloaded. Runs from any working directory; exits non-zero on any failure.
set -euo pipefail

TF_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export TF_CLI_CONFIG_FILE="${TF_DIR}/cli.tfrc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
# Settings from the caller's environment must not leak into the checks:
# input variables, extra CLI arguments, another data dir or workspace.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -E '^(TF_VAR_|TF_CLI_ARGS)' || true)
unset TF_DATA_DIR TF_WORKSPACE

MIRROR=/opt/tf-plugins
if [[ ! -d "${MIRROR}/registry.terraform.io/hashicorp/aws" ]]; then
  echo "test.sh: no hashicorp/aws provider in the mirror ${MIRROR} (see terraform/README.md)" >&2
  exit 2
fi
command -v terraform >/dev/null || { echo "test.sh: terraform not found on PATH" >&2; exit 2; }

LOG_DIR="$(mktemp -d)"
trap 'rm -rf "${LOG_DIR}"' EXIT

start_all=${SECONDS}

# Directories are checked in parallel (each check mostly waits on the AWS
# provider loading its schema, one CPU each); TF_TEST_JOBS overrides.
JOBS="${TF_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}"

# counts <log>: "passed failed skipped" of the last terraform test summary.
counts() {
  local line passed=0 failed=0 skipped=0
  line="$(grep -Eo '[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?' "$1" | tail -n 1 || true)"
  if [[ -n "${line}" ]]; then
    passed="$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"${line}")"
    failed="$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"${line}")"
    if [[ "${line}" == *skipped* ]]; then
      skipped="$(sed -E 's/.*, ([0-9]+) skipped$/\1/' <<<"${line}")"
    fi
  fi
  echo "${passed} ${failed} ${skipped}"
}

# check_dir <dir> <key>: init, validate and test one directory. Writes
# <key>.result: "<ok|FAIL> <passed> <failed> <skipped> <summary...>" and
# keeps every command's output in <key>.log.
check_dir() {
  local dir="$1" key="$2" rel="${1#"${TF_DIR}"/}"
  local log="${LOG_DIR}/${key}.log" result="${LOG_DIR}/${key}.result"
  local started=${SECONDS} status passed=0 failed=0 skipped=0 p f s
  local summary="validate ok"
  : >"${log}"

  local init_args=(-input=false -no-color)
  # Roots with a remote backend are initialised without it: validation and
  # tests need no state.
  if grep -qs 'backend "' "${dir}"/*.tf; then
    init_args+=(-backend=false)
  fi
  # A committed lock file is checked, never rewritten.
  if [[ "${rel}" == environments/* && -f "${dir}/.terraform.lock.hcl" ]]; then
    init_args+=(-lockfile=readonly)
  fi

  if ! terraform -chdir="${dir}" init "${init_args[@]}" >>"${log}" 2>&1; then
    echo "FAIL 0 0 0 init failed" >"${result}"
    return
  fi
  if ! terraform -chdir="${dir}" validate -no-color >>"${log}" 2>&1; then
    echo "FAIL 0 0 0 validate failed" >"${result}"
    return
  fi

  if [[ -d "${dir}/tests" ]]; then
    local test_log="${LOG_DIR}/${key}.test"
    status=0
    terraform -chdir="${dir}" test -no-color >"${test_log}" 2>&1 || status=$?
    cat "${test_log}" >>"${log}"
    read -r passed failed skipped < <(counts "${test_log}")
    summary+=", tests ${passed} passed, ${failed} failed"
    [[ "${skipped}" != 0 ]] && summary+=", ${skipped} skipped"
    if [[ ${status} -ne 0 || "${failed}" != 0 || "${passed}" == 0 ]]; then
      echo "FAIL ${passed} ${failed} ${skipped} ${summary}" >"${result}"
      return
    fi

    # Committed variable profiles of a root must still plan.
    if [[ -d "${dir}/tests/profiles" ]]; then
      local profile name
      for profile in "${dir}"/*.tfvars "${dir}"/*.tfvars.example; do
        [[ -f "${profile}" ]] || continue
        name="$(basename "${profile}")"
        status=0
        terraform -chdir="${dir}" test -no-color -test-directory=tests/profiles \
          -var-file="${profile}" >"${test_log}" 2>&1 || status=$?
        cat "${test_log}" >>"${log}"
        read -r p f s < <(counts "${test_log}")
        passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
        if [[ ${status} -ne 0 || "${f}" != 0 || "${p}" == 0 ]]; then
          echo "FAIL ${passed} ${failed} ${skipped} ${summary}, profile ${name} failed" >"${result}"
          return
        fi
        summary+=", profile ${name} ok"
      done
    fi
  fi
  echo "ok ${passed} ${failed} ${skipped} ${summary} ($((SECONDS - started))s)" >"${result}"
}

echo "== terraform fmt -check -recursive"
failures=()
if ! terraform -chdir="${TF_DIR}" fmt -check -recursive -diff; then
  failures+=("fmt")
  echo "FAIL  fmt: run 'terraform fmt -recursive terraform/'"
else
  echo "ok    fmt"
fi

echo "== init, validate, test (${JOBS} at a time)"
dirs=()
for dir in "${TF_DIR}"/environments/* "${TF_DIR}"/modules/*; do
  [[ -f "${dir}/versions.tf" || -f "${dir}/main.tf" ]] && dirs+=("${dir}")
done
# The roots' tests take longest: they start first (listed above), the report
# below keeps the directories in the same order.
for dir in "${dirs[@]}"; do
  rel="${dir#"${TF_DIR}"/}"
  while [[ "$(jobs -rp | wc -l)" -ge "${JOBS}" ]]; do wait -n || true; done
  check_dir "${dir}" "${rel//\//_}" &
done
wait

total_passed=0
total_failed=0
total_skipped=0
for dir in "${dirs[@]}"; do
  rel="${dir#"${TF_DIR}"/}"
  key="${rel//\//_}"
  if [[ ! -s "${LOG_DIR}/${key}.result" ]]; then
    echo "FAIL 0 0 0 check did not finish" >"${LOG_DIR}/${key}.result"
  fi
  read -r verdict passed failed skipped summary <"${LOG_DIR}/${key}.result"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  if [[ "${verdict}" == ok ]]; then
    printf 'ok    %-22s %s\n' "${rel}" "${summary}"
  else
    printf 'FAIL  %-22s %s\n' "${rel}" "${summary}"
    failures+=("${rel}")
    echo "----- ${rel} output -----"
    cat "${LOG_DIR}/${key}.log"
    echo "-----"
  fi
done

echo "== $((SECONDS - start_all))s"
if [[ ${#failures[@]} -gt 0 ]]; then
  echo "failed: ${failures[*]}"
  # Make sure a failure never reads as a pass in the closing line.
  [[ ${total_failed} -eq 0 ]] && total_failed=${#failures[@]}
fi
if [[ ${total_skipped} -gt 0 ]]; then
  echo "terraform: ${total_passed} passed, ${total_failed} failed, ${total_skipped} skipped"
else
  echo "terraform: ${total_passed} passed, ${total_failed} failed"
fi
[[ ${#failures[@]} -eq 0 ]]
