#!/usr/bin/env bash
# Fuzzes the domain crate's parsers (identifiers, dates, money, uploads, the registry's JSON and
# the engine's answer checks) with cargo-fuzz: installs cargo-fuzz if it is missing, builds every
# target in fuzz/, then runs each for FUZZ_SECONDS (default 20) from its seed corpus in
# fuzz/corpus/<target>. New inputs go to a temporary directory, so the committed corpus stays as
# it is. Fails if any target finds a crash, a broken property or a hang; the failing input is
# kept in fuzz/artifacts/<target>/ with the command that reproduces it.
#
#   scripts/fuzz.sh                  every target
#   scripts/fuzz.sh dates uploads    only those
#   FUZZ_SECONDS=300 scripts/fuzz.sh longer runs
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
seconds="${FUZZ_SECONDS:-20}"
# Two cores, often shared with another build: one job unless the caller says otherwise.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
# No sanitizer: the domain crate has no unsafe code, so AddressSanitizer would find nothing that
# Rust's own checks do not, at about a tenth of the speed (measured on the uploads target); and
# without it the build needs none of the nightly-only flags, so the stable toolchain builds it.
sanitizer=(--sanitizer none)

if cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz present: $(cargo fuzz --version)"
else
    echo "installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi

# Fuzz builds use their own flags (coverage instrumentation, --cfg fuzzing); in a directory of
# their own they never force the normal build to recompile.
export CARGO_TARGET_DIR="$PWD/target/fuzz"

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list --fuzz-dir fuzz)
fi

echo "building ${targets[*]}"
cargo fuzz build "${sanitizer[@]}" --fuzz-dir fuzz

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=()
for target in "${targets[@]}"; do
    mkdir -p "$scratch/corpus/$target"
    log="$scratch/$target.log"
    echo "== $target: ${seconds}s"
    # The first corpus directory receives what the fuzzer finds; the seeds are only read.
    # A single input taking over 10 s counts as a hang, and a hang as a failure.
    if cargo fuzz run "${sanitizer[@]}" --fuzz-dir fuzz "$target" \
        "$scratch/corpus/$target" "fuzz/corpus/$target" \
        -- -max_total_time="$seconds" -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
        runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
        echo "   ${runs:-?} executions, $(find "$scratch/corpus/$target" -type f | wc -l) new inputs"
        passed=$((passed + 1))
    else
        # What broke, and how to run the failing input again; the whole log is long.
        echo "   FAILED"
        { grep -m 1 -A 8 'panicked at\|ERROR: libFuzzer' "$log" || tail -n 20 "$log"; } |
            sed 's/^/   | /'
        grep -m 1 -A 2 'Reproduce with' "$log" | sed 's/^/   | /' || true
        failed+=("$target")
    fi
done

echo "fuzz: $passed passed, ${#failed[@]} failed"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "failing targets: ${failed[*]}; their inputs are in fuzz/artifacts/, and the commands"
    echo "above rerun them (prefix CARGO_TARGET_DIR=target/fuzz to reuse this build)"
    exit 1
fi
