"""Run mypy and fail only on errors that are not in the baseline.

The baseline (mypy-baseline.txt) lists the errors accepted for now, without
line numbers, so that unrelated edits do not break it. It may only shrink:
fix an error, then run ``scripts/mypy_check.py --update`` to drop it.

    python scripts/mypy_check.py            # check
    python scripts/mypy_check.py --update   # rewrite the baseline
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
HEADER = (
    "# Errors mypy still reports, accepted until fixed (scripts/mypy_check.py).\n"
    "# Never add to this file by hand: fix the code instead.\n"
)
# "path:line: error: message  [code]", optionally with a column
ERROR = re.compile(r"^(?P<path>[^:\s]+\.pyi?):\d+(?::\d+)?: error: (?P<text>.*)$")
LINE_NUMBER = re.compile(r"\bline \d+\b")


def entry(line: str) -> str | None:
    """The baseline form of one line of mypy output, None if not an error."""
    found = ERROR.match(line.rstrip())
    if not found:
        return None
    text = LINE_NUMBER.sub("line N", found["text"])
    return f"{Path(found['path']).as_posix()}: {text}"


def run_mypy() -> dict[str, list[str]]:
    """Each error's baseline form, with the lines mypy printed for it."""
    # the settings refuse to load without SECRET_KEY unless DEBUG is on
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    command = ["-m", "mypy", "--no-pretty", "--hide-column-numbers"]
    result = subprocess.run(
        [sys.executable, *command, "--no-error-summary", "--no-color-output"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    errors: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        if key := entry(line):
            errors.setdefault(key, []).append(line)
    if result.returncode not in (0, 1) or (result.returncode == 1 and not errors):
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        raise SystemExit(f"mypy failed to run (exit status {result.returncode})")
    return errors


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(x for x in lines if x and not x.startswith("#"))


def write_baseline(errors: Counter[str]) -> None:
    body = "".join(f"{e}\n" for e in sorted(errors.elements()))
    BASELINE.write_text(HEADER + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--update", action="store_true", help="rewrite the baseline with today's errors"
    )
    args = parser.parse_args(argv)
    found = run_mypy()
    current = Counter({key: len(lines) for key, lines in found.items()})
    baseline = read_baseline()
    new, gone = current - baseline, baseline - current
    if args.update:
        write_baseline(current)
        print(
            f"{BASELINE.name}: {current.total()} entries "
            f"({gone.total()} gone, {new.total()} added)"
        )
        return 0
    if gone:
        print(
            f"{gone.total()} baseline entries are gone: run "
            f"`scripts/mypy_check.py --update` to shrink {BASELINE.name}."
        )
    if new:
        print(f"{new.total()} mypy errors not in the baseline:")
        for key in sorted(new):
            # which of several same-message lines is the new one is unknowable
            print(*found[key], sep="\n")
        return 1
    print(f"mypy: no new errors ({current.total()} in the baseline still to fix).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
