#!/usr/bin/env python3
"""Spoken digit strings with their word sequences, for speech-to-sequence, via espeak-ng.

    python3 make_digit_strings.py OUT_DIR [--count N] [--min-digits A] [--max-digits B] [--seed S]

writes OUT_DIR/clips/<index>.wav (22.05 kHz, 16-bit mono; the string trimmed of silence, with
0.05-0.2 s of padding each side, its own voice, speed, pitch and noise as in
make_spoken_commands.py) and OUT_DIR/manifest.csv with columns `path,label`, the label being
the spoken words ("three one four"). Import with
`kdzoo data import audio OUT_DIR --labels OUT_DIR/manifest.csv --targets tokens` (README.md).
"""
import argparse
import csv
import os

import numpy as np

from espeak_audio import ESPEAK_RATE, add_noise, check_espeak, random_voice, speak, trim_silence, write_wav
from make_spoken_commands import DIGITS


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--min-digits", type=int, default=2)
    parser.add_argument("--max-digits", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    check_espeak()
    rng = np.random.default_rng(args.seed)
    rows = []
    for index in range(args.count):
        words = [DIGITS[d] for d in rng.integers(0, 10, rng.integers(args.min_digits, args.max_digits + 1))]
        voice, speed, pitch = random_voice(rng)
        speech = trim_silence(speak(" ".join(words), voice, speed, pitch)) * rng.uniform(0.3, 1.0)
        before, after = (int(rng.uniform(0.05, 0.2) * ESPEAK_RATE) for _ in range(2))
        clip = add_noise(np.concatenate([np.zeros(before), speech, np.zeros(after)]), rng, rng.uniform(5, 30))
        name = f"clips/{index:04d}.wav"
        write_wav(os.path.join(args.out, name), clip)
        rows.append((name, " ".join(words), voice, speed, pitch))
    with open(os.path.join(args.out, "manifest.csv"), "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["path", "label", "voice", "speed", "pitch"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
