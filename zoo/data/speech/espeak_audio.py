"""Shared helpers for the espeak-ng speech generators: synthesis, silence trimming, noise."""
import os
import subprocess
import tempfile
import wave

import numpy as np
from scipy.signal import lfilter

ESPEAK_RATE = 22050  # espeak-ng's native output rate; kdzoo resamples on import

# Accents shipped with espeak-ng (not the mbrola voices, which need extra packages) and
# voice variants (!v/...) that change timbre, gender and vocal effort.
ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-029", "en-us-nyc"]
VARIANTS = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "klatt", "klatt2", "klatt3",
            "croak", "whisper", "Andy", "Annie", "belinda", "boris", "david", "edward", "linda", "steph", "Storm"]


def check_espeak():
    try:
        subprocess.run(["espeak-ng", "--version"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        raise SystemExit("espeak-ng is missing: apt-get install -y espeak-ng")


def random_voice(rng):
    """A voice, words-per-minute speed and pitch (0-99) drawn from rng."""
    voice = f"{rng.choice(ACCENTS)}+{rng.choice(VARIANTS)}"
    return voice, int(rng.integers(120, 200)), int(rng.integers(20, 81))


def speak(text, voice, speed, pitch):
    """espeak-ng's rendering of text as float64 samples in [-1, 1] at ESPEAK_RATE."""
    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", tmp.name, text],
                       check=True, capture_output=True)
        with wave.open(tmp.name, "rb") as w:
            assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == ESPEAK_RATE
            pcm = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    return pcm.astype(np.float64) / 32768


def trim_silence(x, threshold=0.01):
    """x without leading and trailing samples quieter than threshold (of full scale)."""
    loud = np.flatnonzero(np.abs(x) > threshold)
    return x[loud[0]:loud[-1] + 1] if loud.size else x


def add_noise(x, rng, snr_db):
    """x plus Gaussian noise, low-pass shaped at random, at snr_db relative to x's power."""
    noise = rng.standard_normal(x.size)
    if rng.random() < 0.5:  # low-passed ("brown-ish") noise half the time: a one-pole filter
        alpha = rng.uniform(0.5, 0.95)
        noise = lfilter([1 - alpha], [1, -alpha], noise)
    signal_power = np.mean(x[np.abs(x) > 0] ** 2) if np.any(x) else 1e-6
    noise *= np.sqrt(signal_power / 10 ** (snr_db / 10) / np.mean(noise ** 2))
    return x + noise


def write_wav(path, x, rate=ESPEAK_RATE):
    """Writes x as 16-bit PCM, scaled down if it would clip."""
    peak = np.max(np.abs(x))
    if peak > 0.99:
        x = x * (0.99 / peak)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.round(x * 32767).astype(np.int16).tobytes())
