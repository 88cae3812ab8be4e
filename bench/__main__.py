"""Run benchmarks: `python -m bench NAME [ARGS]` runs bench/NAME_bench.py; `python -m bench` runs them all."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    """Names of the benchmarks (bench/NAME_bench.py)."""
    return sorted(p.name.removesuffix("_bench.py") for p in HERE.glob("*_bench.py"))


def run(name: str, args: list[str]) -> None:
    """Run bench/NAME_bench.py as __main__ with `args` as its command line."""
    module = f"bench.{name}_bench"
    sys.argv = [str(HERE / f"{name}_bench.py"), *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


def main(argv: list[str]) -> int:
    """Dispatch to one benchmark, or all of them (without arguments)."""
    names = available()
    if argv and argv[0] in ("-h", "--help"):
        print(f"usage: python -m bench [NAME [ARGS...]]\nbenchmarks: {', '.join(names)}")
        return 0
    if not argv:
        for name in names:
            print(f"== {name} ==", flush=True)
            run(name, [])
        return 0
    if argv[0] not in names:
        print(f"unknown benchmark {argv[0]!r}; available: {', '.join(names)}", file=sys.stderr)
        return 2
    run(argv[0], argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
