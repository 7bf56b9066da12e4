#!/usr/bin/env bash
# Regenerates the speech datasets in this folder from espeak-ng and the kdzoo importers.
#
#   zoo/data/speech/build.sh           the small shipped versions (about 4.5 MB in all)
#   zoo/data/speech/build.sh --full    larger versions (100 clips per word, 2,000 digit
#                                      strings, 20,000 words), written as *-full.h5
#
# Every step is seeded, so the same espeak-ng and wamerican versions give the same files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
full=false
[ "${1:-}" = "--full" ] && full=true

missing=""
command -v espeak-ng >/dev/null || missing="$missing espeak-ng"
[ -f /usr/share/dict/words ] || missing="$missing wamerican"
if [ -n "$missing" ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
fi
python3 -c "import numpy, scipy" 2>/dev/null || python3 -m pip install --quiet numpy scipy

(cd "$repo" && swift build -c release --product kdzoo)
kdzoo="$repo/.build/release/kdzoo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if $full; then per_word=100; strings=2000; words=20000; suffix=-full
else per_word=12; strings=200; words=5000; suffix=""; fi

# (1) Keyword classification: 10 digits + 8 command words, one second each.
python3 "$here/make_spoken_commands.py" "$work/spoken-commands" --per-word "$per_word" --seed 0
"$kdzoo" data import audio "$work/spoken-commands" --labels folder --rate 16000 --features logmel \
    --frames 98 --normalise global --split 0.25 --seed 0 --output "$here/spoken-commands$suffix.h5"

# (2) Speech to sequence: two or three spoken digits and their words.
python3 "$here/make_digit_strings.py" "$work/digit-strings" --count "$strings" --max-digits 3 --seed 1
"$kdzoo" data import audio "$work/digit-strings" --labels "$work/digit-strings/manifest.csv" --targets tokens \
    --rate 16000 --features mfcc --normalise global --split 0.2 --seed 0 --output "$here/digit-strings$suffix.h5"

# (3) Grapheme to phoneme: dictionary words and espeak-ng's phonemes.
python3 "$here/make_g2p_pairs.py" "$here/g2p-espeak$suffix.tsv" --count "$words" --seed 2
"$kdzoo" data import pairs "$here/g2p-espeak$suffix.tsv" --format tsv --source-units characters \
    --test-fraction 0.1 --seed 0 --output "$here/g2p-espeak$suffix.h5"
