#!/usr/bin/env bash
# Sequence distillation rows of zoo/README.md: a seq2seq teacher (seq2seq-2x128) into a smaller
# seq2seq student (seq2seq-1x32) on grapheme-to-phoneme (zoo/data/speech/g2p-espeak.h5) with
# word-kd, seq-kd and their mix, each against the student trained on the references alone. Needs a
# release build (swift build -c release --product kdzoo); runs from the repository root.
#
#   zoo/scripts/g2p_results.sh [SEEDS]
#
# SEEDS defaults to "1". The teacher is trained once (seed 0) by zoo/recipes/seq2seq-2x128.g2p-espeak.yaml;
# per seed the baseline is trained once by zoo/recipes/seq2seq-1x32.g2p-espeak.yaml and handed to the
# three distillation runs with --baseline-weights (every student starts from the same seeded
# initialisation). Models are measured with beam width BEAM (default 5). Resumable: finished runs
# are skipped and killed ones resume (zoo/scripts/run_once.sh). Reports land in runs/g2p/; the
# table is printed at the end.
set -euo pipefail
. zoo/scripts/run_once.sh
KDZOO=${KDZOO:-.build/release/kdzoo}
SEEDS=${1:-"1"}
BEAM=${BEAM:-5}
OUT=runs/g2p
mkdir -p "$OUT"

# The teacher's path is the one zoo/recipes/seq2seq-2x128-to-seq2seq-1x32.g2p-espeak.yaml names.
run "$OUT/seq2seq-2x128.h5" "$KDZOO" train --recipe zoo/recipes/seq2seq-2x128.g2p-espeak.yaml --quiet

for seed in $SEEDS; do
    baseline=$OUT/seq2seq-1x32-s$seed.h5
    run "$baseline" "$KDZOO" train --recipe zoo/recipes/seq2seq-1x32.g2p-espeak.yaml --seed "$seed" --quiet
    for method in word-kd seq-kd seq-kd+word-kd; do
        run "$OUT/seq2seq-2x128-to-seq2seq-1x32-$method-s$seed.h5" "$KDZOO" distill \
            --recipe zoo/recipes/seq2seq-2x128-to-seq2seq-1x32.g2p-espeak.yaml --method "$method" \
            --baseline-weights "$baseline" --beam-width "$BEAM" --seed "$seed" --quiet
    done
done

python3 zoo/scripts/results_table.py "$OUT"
