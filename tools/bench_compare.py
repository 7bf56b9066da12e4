#!/usr/bin/env python3
"""kdzoo against PyTorch, row by row: `make bench-compare`.

Two uses:
  bench_compare.py KDZOO.json TORCH.json
      compare two reports (`kdzoo bench --json`, `tools/torch_bench.py --json`);
  bench_compare.py --kdzoo .build/release/kdzoo [--out DIR] [--markdown] [--rounds 3] [--batch 64 --repeats 7 --warmups 2]
      measure first, interleaved: for each row, `kdzoo bench --row ROW --json` then
      `torch_bench.py --row ROW --json`, each a fresh process, so slow drifts in the machine's load
      hit both sides alike; writes DIR/kdzoo.json and DIR/torch.json, then compares.
      With --rounds N each row is measured N times on each side, alternating (kdzoo, torch,
      torch, kdzoo, ...): the table gives the medians and the range of the N paired ratios, since
      on a shared 2-core machine one pair alone can be off by 20% or more.
      Run it with the Python that has torch (it runs torch_bench.py with the same interpreter).

Ratios are kdzoo / PyTorch: above 1 kdzoo is faster (throughput) or larger (RSS).
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_rows import CONV_ROW, STANDARD_ROWS  # noqa: E402

TUNED_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "17179869184"}


def run_json(command, environment=None):
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        sys.exit(f"Error: {' '.join(command[:2])} ... failed: {reason}")
    return json.loads(done.stdout)


def measure_interleaved(args):
    rows = args.row or STANDARD_ROWS + [CONV_ROW]
    settings = ["--batch", str(args.batch), "--repeats", str(args.repeats), "--warmups", str(args.warmups)]
    torch_environment = dict(os.environ, **TUNED_MALLOC)
    reports = {"kdzoo": None, "torch": None}
    commands = {
        "kdzoo": lambda row: run_json([args.kdzoo, "bench", "--row", row, "--json"] + settings),
        "torch": lambda row: run_json([sys.executable, os.path.join(HERE, "torch_bench.py"), "--row", row, "--json"]
                                      + settings, torch_environment),
    }
    for index, row in enumerate(rows):
        print(f"bench-compare {index + 1}/{len(rows)}: {row}", file=sys.stderr, flush=True)
        rounds = {"kdzoo": [], "torch": []}
        for round_index in range(args.rounds):
            for side in ("kdzoo", "torch") if round_index % 2 == 0 else ("torch", "kdzoo"):
                rounds[side].append(commands[side](row))
        measured = {side: merge_rounds(reports) for side, reports in rounds.items()}
        for side, report in measured.items():
            if reports[side] is None:
                reports[side] = dict(report, rows=[], loadAverages=[])
                reports[side].pop("loadAverage", None)
                reports[side].pop("kernels", None)
            reports[side]["rows"] += report["rows"]
            reports[side]["loadAverages"].append(report.get("loadAverage"))
    os.makedirs(args.out, exist_ok=True)
    for side, report in reports.items():
        report["date"] = datetime.datetime.now().isoformat(timespec="minutes")
        with open(os.path.join(args.out, f"{side}.json"), "w") as file:
            json.dump(report, file, indent=2, sort_keys=True)
    return reports["kdzoo"], reports["torch"]


def merge_rounds(reports):
    """One report from several of the same rows: each row's median value, its values in round
    order, and its largest peak RSS."""
    merged = dict(reports[0], rows=[])
    for row in reports[0]["rows"]:
        same = [next(r for r in report["rows"] if r["key"] == row["key"]) for report in reports]
        values = [r["value"] for r in same]
        peaks = [r["peakResidentMegabytes"] for r in same if r.get("peakResidentMegabytes") is not None]
        merged["rows"].append(dict(row, value=statistics.median(values), values=values,
                                   peakResidentMegabytes=max(peaks) if peaks else None))
    return merged


def ratio_range(ours, other):
    """The lowest and highest kdzoo/PyTorch ratio over the rounds, pairing round i with round i."""
    pairs = list(zip(ours.get("values", []), other.get("values", [])))
    if len(pairs) < 2:
        return ""
    ratios = [a / b for a, b in pairs]
    return f"{min(ratios):.2f}–{max(ratios):.2f}"


def compare(kdzoo, torch, markdown):
    theirs = {row["key"]: row for row in torch["rows"]}
    header = ["row", "measure", "unit", "kdzoo", "PyTorch", "kdzoo/PyTorch", "per round", "kdzoo peak RSS",
              "PyTorch peak RSS"]
    lines, problems = [], []
    for ours in kdzoo["rows"]:
        other = theirs.get(ours["key"])
        if other is None:
            problems.append(f"{ours['key']}: no PyTorch row")
            continue
        if ours.get("parameters") and other.get("parameters") and ours["parameters"] != other["parameters"]:
            problems.append(f"{ours['key']}: {ours['parameters']:,} parameters in kdzoo, {other['parameters']:,} in PyTorch")
        digits = 1 if ours["unit"] == "GFLOP/s" else 0
        def rss(row):
            peak = row.get("peakResidentMegabytes")
            return "" if peak is None else f"{peak:.0f} MB"
        lines.append([ours["row"], ours["measure"], ours["unit"], f"{ours['value']:,.{digits}f}",
                      f"{other['value']:,.{digits}f}", f"{ours['value'] / other['value']:.2f}", ratio_range(ours, other),
                      rss(ours), rss(other)])
    right = {3, 4, 5, 6, 7, 8}
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---:" if c in right else "---" for c in range(len(header))) + "|")
        for line in lines:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(line[c]) for line in [header] + lines) for c in range(len(header))]
        def text(values):
            return "  ".join(v.rjust(widths[c]) if c in right else v.ljust(widths[c]) for c, v in enumerate(values)).rstrip()
        rounds = len(kdzoo["rows"][0].get("values", [0])) if kdzoo["rows"] else 1
        print(f"kdzoo {kdzoo.get('version')} vs PyTorch {torch.get('version')}: batch {kdzoo.get('batch')}, "
              f"median of {kdzoo.get('repeats')} after {kdzoo.get('warmUps')} warm-ups, {torch.get('threads')} threads, "
              f"{rounds} round(s) per row\n")
        print("\n".join([text(header), text(["-" * w for w in widths])] + [text(line) for line in lines]))
    for problem in problems:
        print(f"Warning: {problem}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="*", help="KDZOO.json TORCH.json (omit with --kdzoo)")
    parser.add_argument("--kdzoo", help="measure first with this kdzoo executable, interleaved with torch_bench.py")
    parser.add_argument("--out", default=".build/bench", help="where --kdzoo writes kdzoo.json and torch.json")
    parser.add_argument("--row", action="append", default=[])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="measurements per row and side, alternating")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table (for README.md)")
    args = parser.parse_args()
    if args.kdzoo:
        kdzoo, torch = measure_interleaved(args)
    elif len(args.reports) == 2:
        kdzoo, torch = (json.load(open(path)) for path in args.reports)
    else:
        parser.error("give KDZOO.json TORCH.json, or --kdzoo PATH to measure")
    compare(kdzoo, torch, args.markdown)


if __name__ == "__main__":
    main()
