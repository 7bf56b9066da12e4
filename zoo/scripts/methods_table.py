"""Prints the methods table (mean and standard deviation over seeds) from the run reports.

Usage: python3 zoo/scripts/methods_table.py runs/methods
"""
import glob
import json
import os
import statistics
import sys


def main(folder):
    rows = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.s[0-9]*.report.json"))):
        method = os.path.basename(path).split(".s")[0]
        report = json.load(open(path))
        for result in report["students"]:
            entry = rows.setdefault(method, {"student": [], "baseline": [], "teacher": []})
            entry["student"].append(100 * result["student"]["top1"])
            if result.get("baseline"):
                entry["baseline"].append(100 * result["baseline"]["top1"])
        for teacher in report["teachers"]:
            rows[method]["teacher"].append(100 * teacher["top1"])

    def cell(values):
        if not values:
            return "—"
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        return f"{statistics.mean(values):.2f} ± {spread:.2f}"

    print("| method | runs | teacher % | student % | baseline % | gain (points) |")
    print("|---|---|---|---|---|---|")
    for method, entry in sorted(rows.items()):
        gains = [s - b for s, b in zip(entry["student"], entry["baseline"])] if len(entry["baseline"]) == len(entry["student"]) else []
        print(f"| {method} | {len(entry['student'])} | {cell(entry['teacher'])} | {cell(entry['student'])} | "
              f"{cell(entry['baseline'])} | {cell(gains)} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/methods")
