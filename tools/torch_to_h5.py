#!/usr/bin/env python3
"""Export a PyTorch state_dict to a kdzoo weights file (HDF5).

The format (see Sources/KDData/Weights/WeightsFile.swift):
  /state_dict/<module path>   one float32 dataset per parameter/buffer, in state_dict order
  root attributes             architecture, variant, config (JSON), input (JSON),
                              classes (names), kdzoo_version, metrics (JSON)

Every tensor is stored as float32 (PyTorch's integer `num_batches_tracked` becomes a float32
scalar, as kdzoo's BatchNorm keeps it). Tensors are checksummed (Fletcher-32 chunks; scalars
in the object header) and strings are fixed-length, so kdzoo detects later damage to the
file. The file is written to a temporary name in the same folder and renamed into place.

Usage:
  python3 tools/torch_to_h5.py model.pt weights.h5 --architecture cnn --variant cnn-small \
      --input '{"kind":"image","shape":[1,28,28]}' --classes 10
`model.pt` holds either a state_dict or a whole module (its state_dict is taken).
Needs: torch, h5py, numpy (tools/requirements.txt).
"""
import argparse
import json
import os
import sys
import tempfile

import h5py
import numpy as np


def _string_attribute(obj, name, value):
    """A fixed-length UTF-8 string attribute (or array of them), which kdzoo can checksum."""
    values = [value] if isinstance(value, str) else list(value)
    width = max([1] + [len(v.encode("utf-8")) for v in values])
    dtype = h5py.string_dtype("utf-8", width)
    data = np.array([v.encode("utf-8") for v in values], dtype=dtype)
    obj.attrs.create(name, data[0] if isinstance(value, str) else data, dtype=dtype)


def _write_tensor(group, name, array):
    array = np.asarray(array, dtype=np.float32, order="C")  # (ascontiguousarray would make scalars 1-D)
    if array.ndim == 0 or array.size == 0:
        # Scalars cannot be chunked; the compact layout keeps them in the checksummed header.
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_layout(h5py.h5d.COMPACT)
        space = h5py.h5s.create_simple(array.shape) if array.ndim else h5py.h5s.create(h5py.h5s.SCALAR)
        dataset = h5py.h5d.create(group.id, name.encode("utf-8"), h5py.h5t.NATIVE_FLOAT, space, dcpl=dcpl)
        if array.size:
            dataset.write(h5py.h5s.ALL, h5py.h5s.ALL, array)
    else:
        group.create_dataset(name, data=array, chunks=array.shape, fletcher32=True)


def _json_object(text, flag):
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise SystemExit(f"Error: {flag} is not valid JSON: {error}")
    if not isinstance(value, dict):
        raise SystemExit(f"Error: {flag} must be a JSON object, got {text}")
    return json.dumps(value, separators=(",", ":"))


def export_state_dict(state_dict, path, *, architecture, variant="", config="{}", input="{}", classes=(),
                      metrics="{}", kdzoo_version=None, drop=()):
    """Writes `state_dict` (name -> tensor or array, in order) to the kdzoo weights file `path`.

    Returns the number of tensors written (keys ending in a `drop` suffix are left out)."""
    if kdzoo_version is None:
        try:
            import torch
            kdzoo_version = f"torch_to_h5.py (torch {torch.__version__})"
        except ImportError:
            kdzoo_version = "torch_to_h5.py"
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    os.close(handle)
    try:
        with h5py.File(temporary, "w", libver=("v110", "v110"), track_order=True) as file:
            _string_attribute(file, "architecture", architecture)
            _string_attribute(file, "variant", variant)
            _string_attribute(file, "config", config)
            _string_attribute(file, "input", input)
            _string_attribute(file, "classes", [str(c) for c in classes])
            _string_attribute(file, "kdzoo_version", kdzoo_version)
            _string_attribute(file, "metrics", metrics)
            group = file.create_group("state_dict", track_order=True)
            written = 0
            for name, tensor in state_dict.items():
                if any(name.endswith(suffix) for suffix in drop):
                    continue
                written += 1
                if "/" in name:
                    raise SystemExit(f"Error: state_dict key '{name}' contains '/'")
                array = tensor.detach().cpu().numpy() if hasattr(tensor, "detach") else np.asarray(tensor)
                _write_tensor(group, name, array)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp creates owner-only files
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("state_dict", help="a .pt file holding a state_dict or a module")
    parser.add_argument("output", help="the weights file to write (.h5)")
    parser.add_argument("--architecture", required=True, help="kdzoo architecture name, e.g. cnn")
    parser.add_argument("--variant", default="", help="named variant, e.g. wrn-16-2")
    parser.add_argument("--config", default="{}", help="architecture options as a JSON object")
    parser.add_argument("--input", default="{}", help='input spec as JSON, e.g. {"kind":"image","shape":[3,32,32]}')
    parser.add_argument("--classes", default="", help="a class count (10) or comma-separated names")
    parser.add_argument("--metrics", default="{}", help="results as a JSON object")
    parser.add_argument("--drop", action="append", default=[], metavar="SUFFIX",
                        help="leave out keys ending with SUFFIX (repeatable)")
    args = parser.parse_args(argv)

    import torch
    loaded = torch.load(args.state_dict, map_location="cpu")
    state_dict = loaded.state_dict() if hasattr(loaded, "state_dict") else loaded
    if not isinstance(state_dict, dict):
        raise SystemExit(f"Error: {args.state_dict} holds {type(loaded).__name__}, not a state_dict or module")
    classes = args.classes
    names = [str(i) for i in range(int(classes))] if classes.isdigit() else [c for c in classes.split(",") if c]
    written = export_state_dict(state_dict, args.output, architecture=args.architecture, variant=args.variant,
                      config=_json_object(args.config, "--config"), input=_json_object(args.input, "--input"),
                      classes=names, metrics=_json_object(args.metrics, "--metrics"), drop=args.drop)
    print(f"wrote {written} tensors to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
