#!/usr/bin/env python3
"""Makes the audio test fixture and its reference features, independently of kdzoo.

    python3 Tests/KDAudioTests/Fixtures/make_fixtures.py

writes, next to this script:
  tones.wav                 0.25 s, 16 kHz, 16-bit PCM mono: 440 Hz + 2500 Hz tones, a chirp,
                            seeded noise
  reference_features.json   features of tones.wav for three configurations, computed here with
                            numpy/scipy from the textbook formulas (float64 throughout)

The reference is written from the definitions, not from kdzoo's code: HTK mel scale
2595*log10(1 + f/700) with triangles linear in mel and peak 1; Slaney's scale with triangles
linear in Hz scaled to unit area; scipy's orthonormal DCT-II; HTK's delta regression.
"""
import json
import os
import wave

import numpy as np
from scipy.fft import dct

HERE = os.path.dirname(os.path.abspath(__file__))
RATE = 16000


def make_signal():
    rng = np.random.default_rng(7)
    t = np.arange(int(0.25 * RATE)) / RATE
    chirp = np.sin(2 * np.pi * (300 * t + 0.5 * (6000 - 300) / 0.25 * t * t))
    signal = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 2500 * t) + 0.2 * chirp
    signal += 0.01 * rng.standard_normal(t.size)
    return np.round(np.clip(signal, -1, 1) * 32767).astype(np.int16)


def write_wav(path, pcm):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def htk_mel(f):
    return 2595 * np.log10(1 + f / 700)


def htk_hz(m):
    return 700 * (10 ** (m / 2595) - 1)


def slaney_mel(f):
    f = np.asarray(f, dtype=float)
    return np.where(f < 1000, f * 3 / 200, 15 + np.log(np.maximum(f, 1e-9) / 1000) / (np.log(6.4) / 27))


def slaney_hz(m):
    m = np.asarray(m, dtype=float)
    return np.where(m < 15, m * 200 / 3, 1000 * np.exp((m - 15) * np.log(6.4) / 27))


def filterbank(scale, bands, nfft, low, high):
    bins = np.arange(nfft // 2 + 1) * RATE / nfft
    mel, hz = (htk_mel, htk_hz) if scale == "htk" else (slaney_mel, slaney_hz)
    edges_mel = np.linspace(mel(low), mel(high), bands + 2)
    edges_hz = hz(edges_mel)
    fb = np.zeros((bands, bins.size))
    for b in range(bands):
        if scale == "htk":
            x, (l, c, r) = mel(bins), edges_mel[b:b + 3]
        else:
            x, (l, c, r) = bins, edges_hz[b:b + 3]
        fb[b] = np.maximum(0, np.minimum((x - l) / (c - l), (r - x) / (r - c)))
        if scale == "slaney":
            fb[b] *= 2 / (edges_hz[b + 2] - edges_hz[b])
    return fb


def deltas(c, window):
    padded = np.concatenate([np.repeat(c[:1], window, 0), c, np.repeat(c[-1:], window, 0)])
    t = c.shape[0]
    num = sum(n * (padded[window + n:window + n + t] - padded[window - n:window - n + t]) for n in range(1, window + 1))
    return num / (2 * sum(n * n for n in range(1, window + 1)))


def features(x, cfg):
    frame = round(cfg["frameLengthMilliseconds"] * RATE / 1000)
    hop = round(cfg["frameShiftMilliseconds"] * RATE / 1000)
    nfft = 1 << (frame - 1).bit_length()
    a = cfg["preEmphasis"]
    y = np.concatenate([x[:1], x[1:] - a * x[:-1]])
    count = 1 + (len(y) - frame) // hop
    frames = np.stack([y[i * hop:i * hop + frame] for i in range(count)])
    window = np.hamming(frame) if cfg["window"] == "hamming" else np.hanning(frame)
    power = np.abs(np.fft.rfft(frames * window, nfft)) ** 2
    fb = filterbank(cfg["melScale"], cfg["melBandCount"], nfft, cfg["lowFrequency"], cfg.get("highFrequency", RATE / 2))
    feats = np.log(np.maximum(power @ fb.T, cfg["logFloor"]))
    if cfg["kind"] == "mfcc":
        feats = dct(feats, type=2, norm="ortho", axis=1)[:, :cfg["cepstralCount"]]
    blocks = [feats]
    for _ in range(cfg["deltaOrder"]):
        blocks.append(deltas(blocks[-1], cfg["deltaWindow"]))
    feats = np.concatenate(blocks, axis=1)
    if cfg["normalisation"] == "utterance":
        feats = (feats - feats.mean(0)) / np.maximum(feats.std(0), 1e-5)
    return feats


BASE = dict(kind="logmel", sampleRate=RATE, preEmphasis=0.97, frameLengthMilliseconds=25,
            frameShiftMilliseconds=10, window="hamming", melBandCount=40, melScale="htk",
            lowFrequency=0, logFloor=1e-10, cepstralCount=13, deltaOrder=0, deltaWindow=2,
            normalisation="none")
CONFIGURATIONS = {
    "logmel-htk-hamming": BASE,
    "logmel-slaney-hann-24": dict(BASE, melScale="slaney", window="hann", melBandCount=24,
                                  lowFrequency=60, highFrequency=7000),
    "mfcc-deltas-normalised": dict(BASE, kind="mfcc", deltaOrder=2, normalisation="utterance"),
}


def main():
    pcm = make_signal()
    write_wav(os.path.join(HERE, "tones.wav"), pcm)
    x = pcm.astype(np.float64) / 32768  # libsndfile's scaling of 16-bit samples
    reference = {}
    for name, cfg in CONFIGURATIONS.items():
        f = features(x, cfg)
        reference[name] = dict(configuration=cfg, frameCount=f.shape[0], featureCount=f.shape[1],
                               values=[float(f"{v:.6g}") for v in f.ravel()])
    with open(os.path.join(HERE, "reference_features.json"), "w") as out:
        json.dump(reference, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
