#!/bin/sh
# The Hinton KD results table of zoo/README.md: wrn-40-2 -> mobilenetv2-0.5, wrn-40-2 -> wrn-16-2
# and resnet56 -> resnet20 on all of Fashion-MNIST, KD against the baseline, seeds 1-3.
#   zoo/scripts/kd_results.sh            (from the repository root, after a release build)
# Needs Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), imported once into
# runs/fashion-mnist/. The teachers land in zoo/models (<arch-variant>.fashion-mnist.h5, shipped
# with model cards) and each distillation's report in zoo/results/fashion-mnist, where git keeps
# them (the students' weights beside them are not kept). Resumable: finished runs (a teacher's
# weights, a student's report) are skipped and killed ones resume (zoo/scripts/run_once.sh), so the
# table can be built over several sittings.
set -eu
kdzoo=${KDZOO:-.build/release/kdzoo}
recipes=zoo/recipes/fashion-mnist
data=runs/fashion-mnist/fashion-mnist.h5
out=zoo/results/fashion-mnist
source=/usr/share/datasets/fashion-mnist
mkdir -p runs/fashion-mnist $out
if [ ! -f $data ]; then
    [ -d $source ] || { echo "Error: $source is missing; install it with: apt-get install dataset-fashion-mnist" >&2; exit 1; }
    "$kdzoo" data import idx $source --classes fashion-mnist -o $data
fi

. zoo/scripts/run_once.sh

# One teacher at a time, its pairs over all seeds before the next teacher is trained, so that a
# sitting that ends early has finished whole rows.
for teacher in wrn-40-2 resnet-56; do
    run zoo/models/$teacher.fashion-mnist.h5 "$kdzoo" train --recipe $recipes/$teacher.yaml --quiet
    for seed in 1 2 3; do
        for pair in wrn-40-2:mobilenetv2-0.5 wrn-40-2:wrn-16-2 resnet-56:resnet-20; do
            [ "${pair%%:*}" = "$teacher" ] || continue
            student=${pair#*:}
            run $out/$teacher-to-$student.s$seed.h5 "$kdzoo" distill --recipe $recipes/kd.yaml \
                --teacher zoo/models/$teacher.fashion-mnist.h5 --student $student --seed $seed --quiet --json > /dev/null
        done
    done
done
python3 zoo/scripts/results_table.py $out
