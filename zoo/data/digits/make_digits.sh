#!/bin/sh
# Regenerates digits.h5: the UCI optical handwritten digits (1,797 8x8 images) with a seeded
# stratified 80/20 train/test split, from the CSV that ships inside scikit-learn.
#   sh zoo/data/digits/make_digits.sh [PATH/TO/digits.csv.gz]
# Without an argument the CSV is taken from the installed scikit-learn (pip install scikit-learn).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
csv=${1:-$(python3 -c 'import os, sklearn.datasets as d; print(os.path.join(os.path.dirname(d.__file__), "data", "digits.csv.gz"))')}
(cd "$root" && swift build -c release --product kdzoo >&2)
"$root/.build/release/kdzoo" data import digits "$csv" --test-fraction 0.2 --seed 0 -o "$here/digits.h5"
