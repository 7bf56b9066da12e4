#!/usr/bin/env python3
"""Grapheme-to-phoneme pairs: words from Debian's wamerican list with espeak-ng's phonemes.

    python3 make_g2p_pairs.py OUT.tsv [--count N] [--seed S] [--words /usr/share/dict/words]

Keeps plain lower-case words of 3-12 letters (no capitals, so no proper names; no
apostrophes, so no possessives; no Roman numerals), samples N of them with the seed, and asks espeak-ng
(`-q -x --sep=' '`, US English) for each word's phonemes in its ASCII notation, one
phoneme per token, the stress mark kept on the vowel it precedes ('oU). Writes
`word<TAB>phonemes` lines, sorted by word. Import with
`kdzoo data import pairs OUT.tsv --format tsv --source-units characters` (README.md).
"""
import argparse
import re
import subprocess

import numpy as np

from espeak_audio import check_espeak

BATCH = 500
# The list holds Roman numerals (xix, lvii, ...), which espeak-ng reads as numbers or spells
# out; they go, and so does "mix", the one English word among them.
ROMAN_NUMERAL = re.compile(r"m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")


def espeak_lines(words):
    """espeak-ng's output for words given one per paragraph: normally one line per word."""
    text = "\n\n".join(words) + "\n"
    result = subprocess.run(["espeak-ng", "-q", "-x", "--sep= ", "-v", "en-us"], input=text, capture_output=True,
                            text=True, check=True)
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


def phonemes(words):
    """The phonemes of each word, batched; one call per word if espeak-ng merged or split lines."""
    lines = espeak_lines(words)
    if len(lines) == len(words):
        return lines
    return [" ".join(espeak_lines([word])) for word in words]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--words", default="/usr/share/dict/words")
    args = parser.parse_args()
    check_espeak()
    try:
        with open(args.words, encoding="utf-8") as f:
            candidates = sorted({w.strip() for w in f if re.fullmatch(r"[a-z]{3,12}", w.strip())
                                 and not ROMAN_NUMERAL.fullmatch(w.strip())})
    except OSError:
        raise SystemExit(f"{args.words} is missing: apt-get install -y wamerican")
    rng = np.random.default_rng(args.seed)
    chosen = sorted(rng.choice(candidates, size=min(args.count, len(candidates)), replace=False).tolist())
    with open(args.out, "w", encoding="utf-8") as out:
        for start in range(0, len(chosen), BATCH):
            batch = chosen[start:start + BATCH]
            for word, phones in zip(batch, phonemes(batch)):
                out.write(f"{word}\t{' '.join(phones.split())}\n")


if __name__ == "__main__":
    main()
