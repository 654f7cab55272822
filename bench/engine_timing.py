"""How fast the plan engine builds plans: screen + build_plan for every persona, N times.

    .venv/bin/python bench/engine_timing.py [N]

Runs on one core, without Django. Prints plans per second and milliseconds per plan.
"""

import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plans.engine import build_plan  # noqa: E402
from plans.screening import Answers, screen  # noqa: E402


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    files = sorted((ROOT / "tests" / "data").glob("persona_*.json"))
    people = [json.loads(path.read_text()) for path in files]
    start = date(2026, 3, 4)
    began = time.perf_counter()
    for _ in range(rounds):
        for data in people:
            answers = Answers.from_dict(data)
            build_plan(answers, screen(answers), start)
    seconds = time.perf_counter() - began
    plans = rounds * len(people)
    print(f"{plans} plans (4 weeks each, from the answers dict) in {seconds:.2f} s")
    print(f"{plans / seconds:,.0f} plans/second, {1000 * seconds / plans:.3f} ms per plan")


if __name__ == "__main__":
    main()
