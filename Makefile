# kdzoo — build, test and benchmark. Each target installs the system libraries it needs.
SWIFT ?= swift
APT_PACKAGES := pkg-config libopenblas-dev libhdf5-dev libsndfile1-dev libfftw3-dev libsamplerate0-dev zlib1g-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Kernels parallelise over the batch themselves; OpenBLAS picks its own threads inside GEMM.
export OPENBLAS_NUM_THREADS ?= 2

.PHONY: deps build test bench bench-compare demo clean

## deps: install missing Debian packages (skipped when all are present)
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

## test: the whole test suite (debug build, parallel test processes)
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: benchmarks, release build
bench: deps
	$(SWIFT) build -c release --product kdzoo
	.build/release/kdzoo bench

## bench-compare: every bench row in kdzoo and in PyTorch (tools/torch_bench.py), interleaved row by row,
## then kdzoo/PyTorch ratios. Uses TORCH_PYTHON if it exists, else creates $(TORCH_VENV) with torch
## (a large download; never needed by build or test). BENCH_ARGS: e.g. --rounds 3 --repeats 5 --row wrn-40-2.
TORCH_VENV ?= .venv-bench
TORCH_PYTHON ?= $(TORCH_VENV)/bin/python
BENCH_ARGS ?=
bench-compare: deps
	$(SWIFT) build -c release --product kdzoo
	@if [ ! -x "$(TORCH_PYTHON)" ]; then \
		if [ "$(TORCH_PYTHON)" != "$(TORCH_VENV)/bin/python" ]; then echo "Error: TORCH_PYTHON=$(TORCH_PYTHON) is not an executable"; exit 1; fi; \
		python3 -m venv $(TORCH_VENV) && $(TORCH_VENV)/bin/pip install torch numpy; \
	fi
	$(TORCH_PYTHON) tools/bench_compare.py --kdzoo .build/release/kdzoo --out .build/bench $(BENCH_ARGS)

## demo: distil the zoo's pretrained WRN into MobileNetV2 on the embedded Fashion-MNIST subset
demo: deps
	$(SWIFT) build -c release --product kdzoo
	.build/release/kdzoo distill --teacher wrn --student mobilenet

clean:
	rm -rf .build
