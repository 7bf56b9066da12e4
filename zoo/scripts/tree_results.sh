#!/usr/bin/env bash
# Decision trees distilled from a CNN teacher vs the same trees fitted to the labels, over three
# seeds: the rows of zoo/README.md's decision-tree table. Needs a release build
# (swift build -c release --product kdzoo); runs from the repository root.
#
#   zoo/scripts/tree_results.sh [DATASET.h5] [TEACHER-ARCH] [TEACHER-EPOCHS]
#
# Defaults: zoo/data/digits/digits.h5, resnet8, 60 epochs. Each seed trains its own teacher
# (kdzoo train), then distils it into every student with each transfer setting of SETTINGS
# ("copies:temperature" pairs; default: the teacher's probabilities, the same with 4 shifted
# copies of every training image, and the probabilities at T=4; soft trees skip the copies),
# each run also fitting the hard-label baseline (--baseline). Reports land in
# runs/trees-<dataset>/; the table is printed at the end. Node counts are derived from the
# saved bytes, for CLASSES classes (default 10).
set -euo pipefail
KDZOO=${KDZOO:-.build/release/kdzoo}
DATA=${1:-zoo/data/digits/digits.h5}
TEACHER=${2:-resnet8}
TEACHER_EPOCHS=${3:-60}
NAME=$(basename "$DATA" .h5)
OUT=runs/trees-$NAME
STUDENTS=${STUDENTS:-"tree-depth-4 tree-depth-6 tree-depth-8 tree-depth-12 tree-soft-tree-4 tree-soft-tree-6"}
SETTINGS=${SETTINGS:-"0:1 4:1 0:4"}
mkdir -p "$OUT"

for seed in 1 2 3; do
    teacher=$OUT/$TEACHER-s$seed.h5
    [ -f "$teacher" ] || "$KDZOO" train --arch "$TEACHER" --dataset "$DATA" --epochs "$TEACHER_EPOCHS" --batch-size 32 \
        --lr 0.05 --seed "$seed" -o "$teacher" --quiet
    for student in $STUDENTS; do
        # Soft trees are fitted by Adam: 40 epochs at 0.01.
        case $student in *soft*) fit=(--epochs 40 --lr 0.01) ;; *) fit=() ;; esac
        for setting in $SETTINGS; do
            copies=${setting%:*} temperature=${setting#*:}
            case $student in *soft*) [ "$copies" = 0 ] || continue ;; esac
            run=$OUT/$student-c$copies-t$temperature-s$seed
            [ -f "$run.json" ] || "$KDZOO" distill --teacher "$teacher" --student "$student" --dataset "$DATA" --baseline \
                --seed "$seed" --copies "$copies" --temperature "$temperature" "${fit[@]}" -o "$run.h5" --quiet --json > "$run.json"
        done
    done
done

python3 - "$OUT" "$STUDENTS" "${CLASSES:-10}" "$SETTINGS" <<'PY'
import json, statistics, sys
out, students, classes = sys.argv[1], sys.argv[2].split(), int(sys.argv[3])
settings = [tuple(s.split(":")) for s in sys.argv[4].split()]
def stats(values):
    mean = statistics.mean(values)
    return f"{100 * mean:.2f} ± {100 * statistics.stdev(values):.2f}" if len(values) > 1 else f"{100 * mean:.2f}"
print("| student | transfer set | teacher % | hard-label tree % | distilled tree % | gain (pts) | nodes (distilled / hard) | bytes (distilled) |")
print("|---|---|---|---|---|---|---|---|")
for student in students:
    for copies, temperature in settings:
        runs = []
        for seed in (1, 2, 3):
            try:
                runs.append(json.load(open(f"{out}/{student}-c{copies}-t{temperature}-s{seed}.json")))
            except FileNotFoundError:
                pass
        if not runs:
            continue
        result = [r["students"][0] for r in runs]
        teacher = [r["teachers"][0]["top1"] for r in runs]
        distilled = [s["student"]["top1"] for s in result]
        hard = [s["baseline"]["top1"] for s in result]
        gain = [100 * (d - h) for d, h in zip(distilled, hard)]
        size = result[0]["student"]["bytes"]
        # A CART node stores feature, threshold, two children and one probability per class.
        per_node = 4 * (4 + classes) if student.startswith("tree-depth") else None
        nodes = (f"{statistics.mean(s['student']['bytes'] / per_node for s in result):.0f} / "
                 f"{statistics.mean(s['baseline']['bytes'] / per_node for s in result):.0f}") if per_node else "—"
        transfer = ("train" if copies == "0" else f"train + {copies} shifted copies") + f", T={temperature}"
        mean_gain = statistics.mean(gain)
        gain_text = f"{mean_gain:+.2f} ± {statistics.stdev(gain):.2f}" if len(gain) > 1 else f"{mean_gain:+.2f}"
        print(f"| {student} | {transfer} | {stats(teacher)} | {stats(hard)} | {stats(distilled)} | {gain_text} | {nodes} | "
              f"{statistics.mean(s['student']['bytes'] for s in result) / 1024:.1f} KiB |")
PY
