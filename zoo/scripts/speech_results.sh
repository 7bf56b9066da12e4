#!/usr/bin/env bash
# Utterance classification rows of zoo/README.md: Hinton KD from an LSTM teacher into a small LSTM on
# the synthetic spoken commands and on the real Speech Commands sample, and across families (CNN and
# ResNet teachers -> LSTM student, LSTM teacher -> CNN and ResNet students) on the spoken commands. Needs a release build
# (swift build -c release --product kdzoo); runs from the repository root.
#
#   zoo/scripts/speech_results.sh [SEEDS]
#
# SEEDS defaults to "1 2 3". Every run is a committed recipe of zoo/recipes with its seed overridden,
# and trains the baseline (the same student without a teacher, from the same initialisation) too.
# The spoken-commands teachers are the shipped zoo/models files (seed 0); the Speech Commands sample
# is imported from ../shared/data (skipped with a note when that folder is absent) and its teacher
# trained once (seed 0) by its recipe. Resumable: finished runs are skipped and killed ones resume
# (zoo/scripts/run_once.sh). Reports land in runs/speech/<dataset>/; one table per dataset is
# printed at the end.
set -euo pipefail
. zoo/scripts/run_once.sh
KDZOO=${KDZOO:-.build/release/kdzoo}
SEEDS=${1:-"1 2 3"}
SAMPLE=${SAMPLE:-../shared/data/speech-commands-sample}

distil() { # dataset, teacher-to-student, seed: runs zoo/recipes/<teacher-to-student>.<dataset>.yaml
    mkdir -p "runs/speech/$1"
    run "runs/speech/$1/$2-s$3.h5" "$KDZOO" distill --recipe "zoo/recipes/$2.$1.yaml" --seed "$3" --quiet
}

for seed in $SEEDS; do
    distil spoken-commands lstm-2x256-mean-to-lstm-2x64-mean "$seed"
    distil spoken-commands cnn-lenet5-to-lstm-2x64-mean "$seed"
    distil spoken-commands lstm-2x256-mean-to-cnn-micro "$seed"
    distil spoken-commands resnet-20-to-lstm-2x64-mean "$seed"
    distil spoken-commands lstm-2x256-mean-to-resnet-8 "$seed"
done

if [ -d "$SAMPLE" ]; then
    # The import and teacher commands of zoo/recipes/lstm-2x256-mean.speech-commands-sample.yaml.
    [ -f runs/speech-commands-sample.h5 ] || "$KDZOO" data import audio "$SAMPLE" --labels folder --rate 16000 \
        --features logmel --frames 98 --normalise global --split 0.25 --seed 0 --output runs/speech-commands-sample.h5
    run runs/lstm-2x256-mean.speech-commands-sample.h5 "$KDZOO" train \
        --recipe zoo/recipes/lstm-2x256-mean.speech-commands-sample.yaml --quiet
    for seed in $SEEDS; do
        distil speech-commands-sample lstm-2x256-mean-to-lstm-2x64-mean "$seed"
    done
else
    echo "$SAMPLE is absent: the Speech Commands sample runs are left out" >&2
fi

for dataset in spoken-commands speech-commands-sample; do
    [ -d "runs/speech/$dataset" ] || continue
    echo "$dataset:"
    python3 zoo/scripts/results_table.py "runs/speech/$dataset"
done
