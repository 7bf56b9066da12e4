"""Prints a zoo results table from `kdzoo distill` run reports: one row per teacher, student and
method, each figure the mean ± sample standard deviation over the runs (seeds) found. For
sequence-to-sequence models "%" is sequence accuracy, and token error rates (TER, edit operations
per reference token) get columns of their own.

Usage: python3 zoo/scripts/results_table.py FOLDER   (reads FOLDER/*.report.json)
"""
import glob
import json
import os
import statistics
import sys


def cell(values, digits=2, sign=""):
    if not values:
        return "—"
    mean = f"{statistics.mean(values):{sign}.{digits}f}"
    # One run has no spread to show.
    return f"{mean} ± {statistics.stdev(values):.{digits}f}" if len(values) > 1 else mean


def main(folder):
    rows = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.report.json"))):
        report = json.load(open(path))
        teachers = " + ".join(t["model"] for t in report["teachers"]) or "—"
        teacher_top1 = max((t["top1"] for t in report["teachers"]), default=None)
        for result in report["students"]:
            key = (teachers, result["student"]["model"], report["method"])
            row = rows.setdefault(key, {k: [] for k in ("teacher", "baseline", "student", "gain", "lost", "reduction", "ds", "epochs",
                                                        "teacher ter", "baseline ter", "student ter")})
            row["student"].append(100 * result["student"]["top1"])
            for role, model in (("teacher", max(report["teachers"], key=lambda t: t["top1"], default=None)),
                                ("baseline", result.get("baseline")), ("student", result["student"])):
                if model and model.get("tokenErrorRate") is not None:
                    row[role + " ter"].append(100 * model["tokenErrorRate"])
            row["epochs"].append(report["epochs"])
            # Without a teacher (dml, one) there is nothing to compare with; reports before
            # 2026-12-05 held the student scored against itself there (0% and α).
            if teacher_top1 is not None:
                row["reduction"].append(result["sizeReduction"])
                row["ds"].append(result["distillationMetric"])
                row["teacher"].append(100 * teacher_top1)
                row["lost"].append(result["accuracyLostVsTeacher"])
            if result.get("baseline"):
                row["baseline"].append(100 * result["baseline"]["top1"])
                row["gain"].append(result["accuracyGainedVsBaseline"])
    sequences = any(row["student ter"] for row in rows.values())
    ter_header = "| teacher TER % | baseline TER % | student TER % " if sequences else ""
    print("| teacher | student | method | epochs | runs | teacher % | baseline % | student % | gained vs baseline (pts) "
          f"| lost vs teacher (pts) {ter_header}| size reduction | DS (α 0.5) |")
    print("|---" * (12 + 3 * sequences) + "|")
    for (teachers, student, method), row in sorted(rows.items()):
        epochs = "/".join(str(e) for e in sorted(set(row["epochs"])))
        reduction = f"{statistics.mean(row['reduction']):.1f}%" if row["reduction"] else "—"
        ters = "".join(f"| {cell(row[role + ' ter'])} " for role in ("teacher", "baseline", "student")) if sequences else ""
        print(f"| {teachers} | {student} | {method} | {epochs} | {len(row['student'])} | {cell(row['teacher'])} "
              f"| {cell(row['baseline'])} | {cell(row['student'])} | {cell(row['gain'], sign='+')} "
              f"| {cell(row['lost'], sign='+')} {ters}| {reduction} | {cell(row['ds'], 3)} |")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: python3 zoo/scripts/results_table.py FOLDER (a folder of kdzoo distill *.report.json files)")
    main(sys.argv[1])
