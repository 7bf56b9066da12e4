"""The rows of `kdzoo bench`'s table (issue 9), shared by torch_bench.py and bench_compare.py
without importing torch. kdzoo's list is BenchCase.standardRows (Sources/kdzoo/Bench)."""

STANDARD_ROWS = [
    "wrn-40-2", "wrn-16-2", "resnet56", "resnet20", "resnet32x4", "resnet8x4", "mobilenetv2-0.5",
    "lstm-2x256", "lstm-2x64",
    "wrn-40-2:wrn-16-2", "wrn-40-2:mobilenetv2-0.5", "resnet32x4:resnet8x4", "lstm-2x256:lstm-2x64",
]
CONV_ROW = "conv3x3"
