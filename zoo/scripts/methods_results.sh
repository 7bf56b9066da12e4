#!/bin/sh
# Runs the methods table: the teacher once, then for seeds 1-3 the baseline and every method.
# Usage: zoo/scripts/methods_results.sh [path/to/kdzoo]   (from the repository root; release build)
set -e
kdzoo=${1:-.build/release/kdzoo}
recipes=zoo/recipes/methods
mkdir -p runs/methods
[ -f runs/methods/teacher-lenet5.h5 ] || $kdzoo train --recipe $recipes/teacher-lenet5.yaml -o runs/methods/teacher-lenet5.h5 --quiet
for seed in 1 2 3; do
    [ -f runs/methods/baseline-micro.s$seed.h5 ] ||
        $kdzoo train --recipe $recipes/baseline-micro.yaml --seed $seed -o runs/methods/baseline-micro.s$seed.h5 --quiet
    for recipe in $recipes/lenet5-to-micro.*.yaml $recipes/micro.*.yaml; do
        method=$(basename "$recipe" .yaml | sed 's/.*\.//')
        [ -f runs/methods/$method.s$seed.report.json ] ||
            $kdzoo distill --recipe "$recipe" --seed $seed --baseline-weights runs/methods/baseline-micro.s$seed.h5 \
                -o runs/methods/$method.s$seed.h5 --quiet --json > /dev/null
    done
done
python3 zoo/scripts/methods_table.py runs/methods
