#!/bin/sh
# Regenerates fashion-mnist-small.h5: a stratified subset of Fashion-MNIST (10,000 train,
# 2,000 test; every class equally represented), from Debian's dataset-fashion-mnist.
#   sh zoo/data/fashion-mnist/make_fashion_mnist_small.sh [FASHION_MNIST_FOLDER]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
source=${1:-/usr/share/datasets/fashion-mnist}
if [ ! -f "$source/train-images-idx3-ubyte.gz" ]; then
    echo "Error: $source has no Fashion-MNIST IDX files (apt-get install dataset-fashion-mnist)" >&2
    exit 1
fi
(cd "$root" && swift build -c release --product kdzoo >&2)
kdzoo="$root/.build/release/kdzoo"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$kdzoo" data import idx "$source" --classes fashion-mnist -o "$scratch/fashion-mnist.h5" >/dev/null
"$kdzoo" data subset "$scratch/fashion-mnist.h5" --train 10000 --test 2000 --seed 0 -o "$here/fashion-mnist-small.h5"
