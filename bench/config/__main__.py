"""``python -m bench.config``: validating annotations, and compiling once.

Builds the config compiler the way the app does (from the installed tag
types), then checks N annotations of 20 regions each (10 spans over a text,
8 boxes on an image, a choice and a text area) the way each annotation
request does: ask the compiler for the project's config, then check the
result against the task. Prints a markdown table with results per second and
how many times the config was actually parsed and compiled.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time

import labelcore_templates.plugin

from labelcore.config import ConfigCompiler, compilation
from labelcore.plugins import build_plugin_set
from labelcore.settings import Settings

LABELS = ("PER", "ORG", "LOC", "MISC")
CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER"/><Label value="ORG"/><Label value="LOC"/><Label value="MISC"/>
  </Labels>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image">
    <Label value="PER"/><Label value="ORG"/><Label value="LOC"/><Label value="MISC"/>
  </RectangleLabels>
  <Choices name="topic" toName="text">
    <Choice value="News"/><Choice value="Sport"/>
  </Choices>
  <TextArea name="note" toName="text"/>
</View>"""
WORDS = [
    "Ada",
    "Lovelace",
    "met",
    "Charles",
    "Babbage",
    "in",
    "London",
    "to",
    "discuss",
    "the",
    "Engine",
]


def make_task(rng: random.Random) -> tuple[dict, list[dict]]:
    words = [rng.choice(WORDS) for _ in range(60)]
    text = " ".join(words)
    result = []
    offset = 0
    for index, word in enumerate(words[:10]):
        start = text.index(word, offset)
        offset = start + len(word)
        result.append(
            {
                "id": f"s{index}",
                "from_name": "ner",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": start,
                    "end": offset,
                    "text": word,
                    "labels": [rng.choice(LABELS)],
                },
            }
        )
    for index in range(8):
        x, y = rng.uniform(0, 60), rng.uniform(0, 60)
        result.append(
            {
                "id": f"b{index}",
                "from_name": "box",
                "to_name": "image",
                "type": "rectanglelabels",
                "original_width": 640,
                "original_height": 480,
                "value": {
                    "x": x,
                    "y": y,
                    "width": rng.uniform(1, 40),
                    "height": rng.uniform(1, 40),
                    "rotation": 0,
                    "rectanglelabels": [rng.choice(LABELS)],
                },
            }
        )
    result.append(
        {
            "id": "c",
            "from_name": "topic",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["News"]},
        }
    )
    result.append(
        {
            "id": "t",
            "from_name": "note",
            "to_name": "text",
            "type": "textarea",
            "value": {"text": ["fine"]},
        }
    )
    return {"text": text, "image": "/data/upload/1/photo.jpg"}, result


class CountingCompilation(compilation.Compilation):
    runs = 0

    def run(self):
        CountingCompilation.runs += 1
        return super().run()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.config", description=__doc__)
    parser.add_argument("--annotations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=3)
    arguments = parser.parse_args()

    plugins = build_plugin_set(
        Settings(disable_plugin_autoload=True),
        extra_plugins=[labelcore_templates.plugin],
    )
    compiler = ConfigCompiler(plugins.tag_types)
    rng = random.Random(arguments.seed)
    tasks = [make_task(rng) for _ in range(arguments.annotations)]
    regions = sum(len(result) for _, result in tasks)

    # Count real compilations: the compiler builds a Compilation per miss.
    from labelcore.config import compiler as compiler_module

    compiler_module.Compilation = CountingCompilation
    started = time.perf_counter()
    compiler.compile(CONFIG)
    first_compile = time.perf_counter() - started

    latencies = []
    problems = 0
    started = time.perf_counter()
    for data, result in tasks:
        begin = time.perf_counter()
        parsed = compiler.compile(CONFIG)
        problems += len(parsed.check_result(result, data))
        latencies.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started

    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95)]
    print(
        f"Config validation on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}\n"
    )
    print("| what | value |")
    print("| --- | --- |")
    print(f"| annotations checked | {len(tasks):,} ({regions:,} result items) |")
    print(f"| problems found | {problems} (all generated results are valid) |")
    print(f"| result items per second | {regions / elapsed:,.0f} |")
    print(f"| annotations per second | {len(tasks) / elapsed:,.0f} |")
    print(
        f"| per annotation, median / p95 | "
        f"{statistics.median(latencies) * 1e6:,.0f} µs / {p95 * 1e6:,.0f} µs |"
    )
    print(f"| first compile of the config | {first_compile * 1e3:.1f} ms |")
    print(
        f"| compilations for {len(tasks) + 1:,} compile calls | "
        f"{CountingCompilation.runs} |"
    )


if __name__ == "__main__":
    main()
