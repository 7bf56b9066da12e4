#!/bin/sh
# The Hinton KD results table of zoo/README.md: wrn-40-2 -> mobilenetv2-0.5, wrn-40-2 -> wrn-16-2
# and resnet56 -> resnet20 on all of Fashion-MNIST, KD against the baseline, seeds 1-3.
#   zoo/scripts/kd_results.sh            (from the repository root, after a release build)
# Resumable: finished runs are skipped and killed ones resume (zoo/scripts/run_once.sh).
set -eu
kdzoo=${KDZOO:-.build/release/kdzoo}
recipes=zoo/recipes/fashion-mnist
out=runs/fashion-mnist
mkdir -p $out
[ -f $out/fashion-mnist.h5 ] ||
    "$kdzoo" data import idx /usr/share/datasets/fashion-mnist --classes fashion-mnist -o $out/fashion-mnist.h5

. zoo/scripts/run_once.sh

for teacher in wrn-40-2 resnet56; do
    run $out/$teacher.h5 "$kdzoo" train --recipe $recipes/$teacher.yaml --quiet
done
for seed in 1 2 3; do
    for pair in wrn-40-2:mobilenetv2-0.5 wrn-40-2:wrn-16-2 resnet56:resnet20; do
        teacher=${pair%%:*}
        student=${pair#*:}
        run $out/$teacher-to-$student.s$seed.h5 "$kdzoo" distill --recipe $recipes/kd.yaml \
            --teacher $out/$teacher.h5 --student $student --seed $seed --quiet --json > /dev/null
    done
done
python3 zoo/scripts/results_table.py $out
