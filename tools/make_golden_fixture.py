#!/usr/bin/env python3
"""Regenerate the PyTorch golden fixture in Tests/KDDataTests/Fixtures.

Trains a small CNN (conv, batch-norm, ReLU, max/avg pooling, linear) briefly on
Fashion-MNIST so that its batch-norm running statistics are real, then writes
  golden_cnn_weights.h5   its state_dict, exported with torch_to_h5.py
  golden_cnn_io.h5        8 normalised test images `x` [8,1,28,28] and PyTorch's
                          eval-mode logits `logits` [8,10] (float32)
KDDataTests/GoldenFixtureTests builds the same network from KDLayers, loads the weights
strictly and must reproduce the logits to 1e-4.

Usage: python3 tools/make_golden_fixture.py [--fashion-mnist DIR] [--out DIR]
Needs torch, h5py, numpy (tools/requirements.txt); never needed by the tests themselves.
"""
import argparse
import gzip
import os

import h5py
import numpy as np
import torch
from torch import nn

from torch_to_h5 import export_state_dict

MEAN, STD = 0.2860, 0.3530  # Fashion-MNIST training-set pixel statistics (pixels in [0, 1])


class GoldenCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1),
            nn.BatchNorm2d(8),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1, bias=False),
            nn.BatchNorm2d(16),
            nn.ReLU(),
            nn.AvgPool2d(2),
        )
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(16 * 7 * 7, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, split):
    images = read_idx(os.path.join(folder, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, f"{split}-labels-idx1-ubyte.gz"))
    x = (images.astype(np.float32) / 255 - MEAN) / STD
    return torch.from_numpy(x[:, None]), torch.from_numpy(labels.astype(np.int64))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fashion-mnist", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "Tests", "KDDataTests", "Fixtures"))
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(2)
    train_x, train_y = load(args.fashion_mnist, "train")
    test_x, test_y = load(args.fashion_mnist, "t10k")

    model = GoldenCNN()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    model.train()
    for step in range(400):
        index = torch.randint(0, len(train_x), (64,))
        loss = nn.functional.cross_entropy(model(train_x[index]), train_y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    model.eval()
    with torch.no_grad():
        accuracy = (model(test_x[:2000]).argmax(1) == test_y[:2000]).float().mean().item()
        x = test_x[:8].contiguous()
        logits = model(x)
    print(f"test accuracy on 2000 images: {accuracy:.3f}")

    os.makedirs(args.out, exist_ok=True)
    export_state_dict(model.state_dict(), os.path.join(args.out, "golden_cnn_weights.h5"),
                      architecture="golden-cnn", input='{"kind":"image","shape":[1,28,28]}',
                      classes=[str(i) for i in range(10)], metrics=f'{{"top1":{accuracy:.4f},"steps":400}}')
    with h5py.File(os.path.join(args.out, "golden_cnn_io.h5"), "w", libver=("v110", "v110")) as file:
        file.create_dataset("x", data=x.numpy())
        file.create_dataset("logits", data=logits.numpy())
        file.attrs["torch_version"] = np.bytes_(torch.__version__)


if __name__ == "__main__":
    main()
