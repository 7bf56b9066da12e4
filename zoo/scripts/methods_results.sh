#!/bin/sh
# The methods tables of zoo/README.md: every distillation method from one teacher into one
# student, each against the same independently trained student (the baseline), seeds 1-3.
#
#   zoo/scripts/methods_results.sh TEACHER STUDENT DATASET EPOCHS [OUTPUT-FOLDER]
#
# TEACHER is a weights file, or a `kdzoo train` recipe that is trained once into
# OUTPUT-FOLDER/teacher.h5. Each method runs with its recipe zoo/recipes/methods/METHOD.yaml
# (the paper's hyper-parameters, no augmentation so the teacher's outputs are cached once per
# folder); dml and one need no teacher. Every run lands in OUTPUT-FOLDER (default
# zoo/results/methods/TEACHER-to-STUDENT.DATASET.eEPOCHS, where git keeps the reports and ignores
# the weights, so a table can be built over several sittings: `kdzoo train` writes no report, so
# the teacher and baselines are retrained, identically, in a later sitting) and the table is printed at the end.
# From the repository root, after `swift build -c release --product kdzoo`:
#
#   quick table:  zoo/scripts/methods_results.sh zoo/recipes/methods/teacher-lenet5.yaml cnn-micro \
#                     zoo/data/fashion-mnist/fashion-mnist-small.h5 10
#   issue tables: zoo/scripts/methods_results.sh zoo/models/wrn-40-2.fashion-mnist-small.h5 wrn-16-2 \
#                     zoo/data/fashion-mnist/fashion-mnist-small.h5 EPOCHS
#                 (and the same with mobilenetv2-0.5)
#
# Environment: KDZOO (default .build/release/kdzoo), SEEDS (default "1 2 3"), METHODS (default
# every method with a recipe: kd dkd fitnet at nst sp rkd pkt crd dml one).
# Resumable: finished runs are skipped and killed ones resume (zoo/scripts/run_once.sh).
set -eu
[ $# -ge 4 ] || { echo "usage: $0 TEACHER STUDENT DATASET EPOCHS [OUTPUT-FOLDER]" >&2; exit 2; }
teacher=$1 student=$2 dataset=$3 epochs=$4
kdzoo=${KDZOO:-.build/release/kdzoo}
seeds=${SEEDS:-1 2 3}
methods=${METHODS:-kd dkd fitnet at nst sp rkd pkt crd dml one}
recipes=zoo/recipes/methods
name=$(basename "${teacher%.*}")
out=${5:-zoo/results/methods/$name-to-$student.$(basename "$dataset" .h5).e$epochs}
. zoo/scripts/run_once.sh
mkdir -p "$out"

case $teacher in
    *.yaml)
        run "$out/teacher.h5" "$kdzoo" train --recipe "$teacher" --dataset "$dataset" --quiet >&2
        teacher=$out/teacher.h5 ;;
    *) [ -f "$teacher" ] || { echo "Error: no teacher weights at $teacher" >&2; exit 1; } ;;
esac
for seed in $seeds; do
    run "$out/baseline.s$seed.h5" "$kdzoo" train --recipe $recipes/baseline.yaml --arch "$student" --dataset "$dataset" \
        --epochs "$epochs" --seed "$seed" --quiet >&2
    for method in $methods; do
        case $method in dml | one) from= ;; *) from="--teacher $teacher" ;; esac
        # $from is one flag and a path without spaces, or nothing: split on purpose.
        # shellcheck disable=SC2086
        run "$out/$method.s$seed.h5" "$kdzoo" distill --recipe $recipes/$method.yaml $from --student "$student" \
            --dataset "$dataset" --epochs "$epochs" --seed "$seed" --baseline-weights "$out/baseline.s$seed.h5" \
            --quiet --json > /dev/null
    done
done
python3 zoo/scripts/results_table.py "$out"
