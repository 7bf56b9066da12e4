#!/usr/bin/env python3
"""`kdzoo bench`'s rows measured in PyTorch, for `make bench-compare`.

Same rows, batch, warm-up, repeats and threads as `kdzoo bench`, the same table and the same
`--json` keys (tools/bench_compare.py joins the two on `key`). Networks are RepDistiller's CIFAR
definitions (tools/repdistiller_models.py); their parameter counts are asserted equal to kdzoo's.

  inference  eval mode under torch.no_grad()
  train      forward, cross-entropy, backward, SGD (momentum 0.9, weight decay 5e-4)
  kd         teacher forward (eval, no_grad), student forward, 0.9*T^2*KL(T=4) + 0.1*CE
             (RepDistiller's DistillKL), backward, SGD
  conv3x3    the 3x3 convolutions of WRN-16-2's blocks (F.conv2d forward; input+weight gradients)
             and torch.mm on the GEMMs they lower to by im2col, over all three layer shapes

Each model and pair runs in a fresh process of this script; peak RSS per row is that process's
peak resident set (VmHWM). Children get glibc's allocator tuned as in issue 9
(MALLOC_MMAP_THRESHOLD_=33554432, MALLOC_TRIM_THRESHOLD_=17179869184) unless --untuned-malloc.

Usage: python3 tools/torch_bench.py [--json] [--row NAME ...] [--batch 64] [--repeats 7] [--warmups 2]
Needs: torch (tools/requirements.txt or any newer torch).
"""
import argparse
import json
import os
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_rows import CONV_ROW, STANDARD_ROWS  # noqa: E402
from repdistiller_models import make_model  # noqa: E402

# kdzoo's parameter counts (`kdzoo list --json`, `kdzoo info`): the networks must be the same.
KDZOO_PARAMETERS = {
    "wrn-40-2": 2_255_156, "wrn-16-2": 703_284, "resnet56": 861_620, "resnet20": 278_324,
    "resnet32x4": 7_433_860, "resnet8x4": 1_233_540, "mobilenetv2-0.5": 812_836,
    "lstm-2x256": 834_058, "lstm-2x64": 61_066,
}
TUNED_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "17179869184"}
WRN16_CONVS = [(32, 32), (64, 16), (128, 8)]  # (channels, image side), stride 1, padding 1


def status_field_mb(name):
    """A kB field of /proc/self/status in MB (10^6 bytes)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(name):
                return int(line.split()[1]) * 1024 / 1e6
    raise SystemExit(f"Error: /proc/self/status has no {name}")


def peak_rss_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over execve, so a child would report its
    # parent's resident set at fork time. kdzoo's ResidentMemory reads the same field.
    return status_field_mb("VmHWM:")


def current_rss_mb():
    return status_field_mb("VmRSS:")


def median_seconds(body, repeats, warmups):
    for _ in range(warmups):
        body()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def bench_row(row, measure, unit, value, seconds=None, parameters=None, start=None, peak=None):
    return {"key": f"{row}/{measure}", "row": row, "measure": measure, "unit": unit, "value": value,
            "seconds": seconds, "parameters": parameters, "startResidentMegabytes": start,
            "peakResidentMegabytes": peak}


def workload(name, batch):
    """Random samples and labels as kdzoo's BenchWorkload: images 3x32x32 (100 classes) or
    sequences of 100 frames x 40 features (10 classes)."""
    generator = torch.Generator().manual_seed(2)
    if name.startswith("lstm-"):
        return torch.randn(batch, 100, 40, generator=generator), torch.arange(batch) % 10, 10, "seq/s"
    return torch.randn(batch, 3, 32, 32, generator=generator), torch.arange(batch) % 100, 100, "img/s"


def build(name, classes):
    torch.manual_seed(1)
    model = make_model(name, classes)
    count = sum(p.numel() for p in model.parameters())
    expected = KDZOO_PARAMETERS.get(name)
    assert expected is None or count == expected, f"{name}: {count:,} parameters, kdzoo has {expected:,}"
    return model, count


def sgd(model):
    return torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)


def measure_model(name, batch, repeats, warmups):
    start = current_rss_mb()
    x, y, classes, unit = workload(name, batch)
    model, count = build(name, classes)

    model.eval()
    def infer():
        with torch.no_grad():
            model(x)
    inference = median_seconds(infer, repeats, warmups)
    after_inference = peak_rss_mb()

    model.train()
    optimizer = sgd(model)
    def train_step():
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
    train = median_seconds(train_step, repeats, warmups)
    return [bench_row(name, "inference", unit, batch / inference, inference, count, start, after_inference),
            bench_row(name, "train", unit, batch / train, train, count, start, peak_rss_mb())]


def distill_kl(student_logits, teacher_logits, temperature):
    """RepDistiller's DistillKL: KL(teacher ‖ student) of the softened distributions, T² scaled, per sample."""
    log_p_s = F.log_softmax(student_logits / temperature, dim=1)
    p_t = F.softmax(teacher_logits / temperature, dim=1)
    return F.kl_div(log_p_s, p_t, reduction="sum") * temperature ** 2 / student_logits.shape[0]


def measure_distillation(row, batch, repeats, warmups):
    teacher_name, student_name = row.split(":")
    start = current_rss_mb()
    x, y, classes, unit = workload(teacher_name, batch)
    teacher, _ = build(teacher_name, classes)
    student, _ = build(student_name, classes)
    teacher.eval()
    for parameter in teacher.parameters():
        parameter.requires_grad_(False)
    student.train()
    optimizer = sgd(student)

    def kd_step():
        optimizer.zero_grad()
        with torch.no_grad():
            targets = teacher(x)
        logits = student(x)
        loss = 0.1 * F.cross_entropy(logits, y) + 0.9 * distill_kl(logits, targets, 4.0)
        loss.backward()
        optimizer.step()
    step = median_seconds(kd_step, repeats, warmups)
    return [bench_row(row, "kd", unit, batch / step, step, None, start, peak_rss_mb())]


def measure_convolutions(batch, repeats):
    """As kdzoo's ConvBenchmark (two warm-ups), summed over WRN-16-2's three layer shapes."""
    forward = backward = sgemm = flops = 0.0
    generator = torch.Generator().manual_seed(1)
    for channels, side in WRN16_CONVS:
        x = torch.rand(batch, channels, side, side, generator=generator, requires_grad=True)
        w = torch.rand(channels, channels, 3, 3, generator=generator, requires_grad=True)
        def conv_forward():
            with torch.no_grad():
                F.conv2d(x, w, padding=1)
        forward += median_seconds(conv_forward, repeats, 2)
        seed = torch.rand(batch, channels, side, side, generator=generator)
        def conv_backward():
            y = F.conv2d(x, w, padding=1)
            torch.autograd.grad(y, (x, w), seed)
        # The forward pass is inside the timed body; subtract its median to leave the backward.
        backward += max(median_seconds(conv_backward, repeats, 2) - median_seconds(conv_forward, repeats, 2), 1e-9)
        a = torch.rand(channels, channels * 9, generator=generator)
        b = torch.rand(channels * 9, batch * side * side, generator=generator)
        sgemm += median_seconds(lambda: torch.mm(a, b), repeats, 2)
        flops += 2.0 * batch * channels * side * side * channels * 9
    return [bench_row(CONV_ROW, "conv-forward", "GFLOP/s", flops / forward / 1e9),
            bench_row(CONV_ROW, "conv-backward", "GFLOP/s", 2 * flops / backward / 1e9),
            bench_row(CONV_ROW, "sgemm", "GFLOP/s", flops / sgemm / 1e9)]


def measure_in_process(row, args):
    if ":" in row:
        return measure_distillation(row, args.batch, args.repeats, args.warmups)
    return measure_model(row, args.batch, args.repeats, args.warmups)


def measure_in_child(row, args):
    """`row` measured by a fresh process of this script, with the allocator environment."""
    command = [sys.executable, os.path.abspath(__file__), "--section", "models", "--row", row, "--json",
               "--batch", str(args.batch), "--repeats", str(args.repeats), "--warmups", str(args.warmups),
               "--threads", str(args.threads)]
    environment = dict(os.environ)
    if not args.untuned_malloc:
        environment.update(TUNED_MALLOC)
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise SystemExit(f"Error: bench row '{row}' failed in its own process: {reason}")
    return json.loads(done.stdout)["rows"]


def render(rows, args, load):
    headers = ["row", "measure", "value", "unit", "ms/batch", "params", "peak RSS", "start RSS"]
    right = {2, 4, 5, 6, 7}
    cells = [[r["row"], r["measure"], f"{r['value']:.1f}" if r["unit"] == "GFLOP/s" else f"{r['value']:.0f}", r["unit"],
              "" if r["seconds"] is None else f"{1000 * r['seconds']:.1f}",
              "" if r["parameters"] is None else f"{r['parameters']:,}",
              "" if r["peakResidentMegabytes"] is None else f"{r['peakResidentMegabytes']:.0f} MB",
              "" if r["startResidentMegabytes"] is None else f"{r['startResidentMegabytes']:.0f} MB"] for r in rows]
    widths = [max(len(line[c]) for line in [headers] + cells) for c in range(len(headers))]
    def line(values):
        return "  ".join(v.rjust(widths[c]) if c in right else v.ljust(widths[c]) for c, v in enumerate(values)).rstrip()
    malloc = "untuned" if args.untuned_malloc else "MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_ tuned"
    print(f"PyTorch {torch.__version__} bench: batch {args.batch}; images 3x32x32 with 100 classes, sequences 100x40 "
          f"with 10 classes; median of {args.repeats} timed runs after {args.warmups} warm-ups")
    print(f"{args.threads} threads (torch.set_num_threads), oneDNN {torch.backends.mkldnn.is_available()}, "
          f"glibc malloc {malloc}" + ("" if load is None else f", load average {load:.2f} before the run") + "\n")
    print("\n".join([line(headers), line(["-" * w for w in widths])] + [line(c) for c in cells]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--section", choices=["kernels", "models", "all"], default="all")
    parser.add_argument("--row", action="append", default=[], help=f"a model, teacher:student or {CONV_ROW}")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--untuned-malloc", action="store_true", help="children keep glibc's default thresholds")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open("/proc/loadavg") as loadavg:
        load = float(loadavg.read().split()[0])

    names = [] if args.section == "kernels" else [r for r in (args.row or STANDARD_ROWS) if r != CONV_ROW]
    measures_kernels = args.section == "kernels" or (CONV_ROW in args.row if args.row else args.section == "all")
    kernels = measure_convolutions(args.batch, args.repeats) if measures_kernels else []
    rows = []
    if len(names) == 1:
        rows = measure_in_process(names[0], args)
    else:
        for index, name in enumerate(names):
            print(f"torch bench {index + 1}/{len(names)}: {name}", file=sys.stderr, flush=True)
            rows += measure_in_child(name, args)
    rows += kernels

    if args.json:
        report = {"framework": "pytorch", "version": torch.__version__, "threads": args.threads, "batch": args.batch,
                  "repeats": args.repeats, "warmUps": args.warmups, "loadAverage": load,
                  "tunedMalloc": all(os.environ.get(k) == v for k, v in TUNED_MALLOC.items()) if len(names) == 1
                  else not args.untuned_malloc, "rows": rows}
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        render(rows, args, load)


if __name__ == "__main__":
    main()
