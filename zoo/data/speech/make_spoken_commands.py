#!/usr/bin/env python3
"""Spoken digits and command words for keyword classification, synthesised with espeak-ng.

    python3 make_spoken_commands.py OUT_DIR [--per-word N] [--seed S]

writes OUT_DIR/<word>/<word>_<index>.wav: one second at 22.05 kHz, 16-bit mono, the word
placed at a random offset, each example with its own accent, voice variant, speed, pitch,
gain and added noise (white or low-passed, 5-30 dB SNR). Import with
`kdzoo data import audio OUT_DIR --labels folder` (see README.md).
"""
import argparse
import os

import numpy as np

from espeak_audio import ESPEAK_RATE, add_noise, check_espeak, random_voice, speak, trim_silence, write_wav

DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
COMMANDS = ["yes", "no", "up", "down", "left", "right", "stop", "go"]


def example(word, rng):
    voice, speed, pitch = random_voice(rng)
    speech = trim_silence(speak(word, voice, speed, pitch))[:ESPEAK_RATE]
    clip = np.zeros(ESPEAK_RATE)
    offset = int(rng.integers(0, ESPEAK_RATE - speech.size + 1))
    clip[offset:offset + speech.size] = speech * rng.uniform(0.3, 1.0)
    return add_noise(clip, rng, rng.uniform(5, 30)), f"{voice} {speed}wpm pitch {pitch}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--per-word", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--words", default=",".join(DIGITS + COMMANDS), help="comma-separated words")
    args = parser.parse_args()
    check_espeak()
    rng = np.random.default_rng(args.seed)
    log = []
    for word in args.words.split(","):
        for index in range(args.per_word):
            clip, description = example(word, rng)
            name = f"{word}/{word}_{index:03d}.wav"
            write_wav(os.path.join(args.out, name), clip)
            log.append(f"{name}\t{description}\n")
    with open(os.path.join(args.out, "voices.tsv"), "w") as out:
        out.writelines(log)


if __name__ == "__main__":
    main()
