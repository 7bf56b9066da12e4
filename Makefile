# kdzoo — build, test and benchmark. Each target installs the system libraries it needs.
SWIFT ?= swift
APT_PACKAGES := pkg-config libopenblas-dev libhdf5-dev libsndfile1-dev libfftw3-dev libsamplerate0-dev zlib1g-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Kernels parallelise over the batch themselves; OpenBLAS picks its own threads inside GEMM.
export OPENBLAS_NUM_THREADS ?= 2

.PHONY: deps build test bench demo clean

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

## demo: distil the zoo's pretrained WRN into MobileNetV2 on the embedded Fashion-MNIST subset
demo: deps
	$(SWIFT) build -c release --product kdzoo
	.build/release/kdzoo distill --teacher wrn --student mobilenet

clean:
	rm -rf .build
