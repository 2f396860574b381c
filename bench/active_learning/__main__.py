"""``python -m bench.active_learning``: accuracy against annotations, uncertainty
sampling versus random sampling, on real Debian package descriptions.

For each strategy and seed it builds a LabelCore app in this process on a
fresh SQLite data folder and runs the loop of ``bench.active_learning.loop``:
the built-in text classifier pre-annotates, the label stream serves the next
task (the ``uncertainty`` sampler, least confident first, or ``random``),
a simulated annotator answers with the true section, and the project
retrains every 50 annotations. It prints a markdown table, writes the
numbers as JSON and plots accuracy on the held-out packages against the
number of annotations to a PNG.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from bench.active_learning.loop import run_strategy
from bench.data import DEFAULT_SOURCE, REPO, load_packages

STRATEGIES = ("uncertainty", "random")
DEFAULT_PLOT = REPO / "docs" / "active-learning.png"
DEFAULT_NUMBERS = REPO / "bench" / "active_learning" / "results.json"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.active_learning", description=__doc__
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--sections", type=int, default=10)
    parser.add_argument("--pool", type=int, default=4000, help="Tasks in the project.")
    parser.add_argument("--held-out", type=int, default=2000)
    parser.add_argument("--budget", type=int, default=1000, help="Annotations.")
    parser.add_argument("--every", type=int, default=50, help="Retrain every N.")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--plot", type=Path, default=DEFAULT_PLOT)
    parser.add_argument("--numbers", type=Path, default=DEFAULT_NUMBERS)
    parser.add_argument("--keep", action="store_true", help="Keep the data folders.")
    return parser.parse_args()


def split(packages: list[dict], arguments, seed: int):
    """The pool and the held-out set, drawn from the packages of the most
    common sections; the same for every strategy of one seed."""
    counted = Counter(package["section"] for package in packages)
    sections = [name for name, _ in counted.most_common(arguments.sections)]
    chosen = [package for package in packages if package["section"] in sections]
    drawn = random.Random(seed).sample(chosen, arguments.pool + arguments.held_out)
    return drawn[: arguments.pool], drawn[arguments.pool :], sections


def mean_curve(results: list, strategy: str) -> list[tuple[int, float, float]]:
    runs = [result for result in results if result.strategy == strategy]
    curve = []
    for index, point in enumerate(runs[0].points):
        values = [run.points[index].accuracy for run in runs]
        spread = statistics.pstdev(values) if len(values) > 1 else 0.0
        curve.append((point.annotations, statistics.mean(values), spread))
    return curve


def plot(results: list, arguments, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(7, 4.2), dpi=120)
    for strategy, colour in zip(STRATEGIES, ("#c0392b", "#2c7fb8"), strict=True):
        curve = mean_curve(results, strategy)
        counts = [point[0] for point in curve]
        means = [point[1] for point in curve]
        spread = [point[2] for point in curve]
        label = (
            "uncertainty sampling (least confident)"
            if strategy == "uncertainty"
            else ("random sampling")
        )
        axes.plot(counts, means, marker="o", markersize=3, color=colour, label=label)
        axes.fill_between(
            counts,
            [m - s for m, s in zip(means, spread, strict=True)],
            [m + s for m, s in zip(means, spread, strict=True)],
            color=colour,
            alpha=0.15,
        )
    axes.set_xlabel("annotations")
    axes.set_ylabel(f"accuracy on {arguments.held_out:,} held-out packages")
    axes.set_title(
        f"Debian sections ({arguments.sections} classes), TF-IDF + logistic "
        f"regression,\nretrained every {arguments.every}; mean of "
        f"{arguments.seeds} seeds (band: ±1 sd)",
        fontsize=10,
    )
    axes.grid(alpha=0.3)
    axes.legend(loc="lower right")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)


def table(results: list) -> str:
    curves = {strategy: mean_curve(results, strategy) for strategy in STRATEGIES}
    lines = [
        "| annotations | uncertainty | random | difference |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for (count, mine, _), (_, other, _) in zip(
        curves["uncertainty"], curves["random"], strict=True
    ):
        lines.append(f"| {count} | {mine:.3f} | {other:.3f} | {mine - other:+.3f} |")
    return "\n".join(lines)


def calibration(results: list) -> str:
    lines = [
        "| strategy | final accuracy | mean score | calibration error | seconds |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for strategy in STRATEGIES:
        runs = [result for result in results if result.strategy == strategy]
        last = [run.points[-1] for run in runs]
        lines.append(
            f"| {strategy} | {statistics.mean(p.accuracy for p in last):.3f} | "
            f"{statistics.mean(p.mean_score for p in last):.3f} | "
            f"{statistics.mean(p.calibration_error for p in last):.3f} | "
            f"{statistics.mean(run.seconds for run in runs):.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    arguments = parse_arguments()
    packages = load_packages(arguments.data)
    results = []
    for seed in range(arguments.seeds):
        pool, held_out, sections = split(packages, arguments, seed)
        for strategy in STRATEGIES:
            result = run_strategy(
                pool,
                held_out,
                sections,
                strategy,
                budget=arguments.budget,
                every=arguments.every,
                seed=seed,
                keep=arguments.keep,
            )
            print(
                f"seed {seed} {strategy}: accuracy {result.points[-1].accuracy:.3f} "
                f"after {result.points[-1].annotations} annotations "
                f"({result.seconds:.0f} s)",
                flush=True,
            )
            results.append(result)

    plot(results, arguments, arguments.plot)
    arguments.numbers.write_text(
        json.dumps(
            {
                "settings": {
                    key: str(value) if isinstance(value, Path) else value
                    for key, value in vars(arguments).items()
                },
                "machine": f"{platform.python_implementation()} "
                f"{platform.python_version()}, {platform.machine()}",
                "runs": [asdict(result) for result in results],
            },
            indent=1,
        )
        + "\n"
    )
    print()
    print(table(results))
    print()
    print(calibration(results))
    print(f"\nPlot: {arguments.plot}\nNumbers: {arguments.numbers}")


if __name__ == "__main__":
    main()
