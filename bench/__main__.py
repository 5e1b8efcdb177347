"""`python -m bench` (make bench): run the benchmarks and print their results; exit 1 when a target is missed."""

from __future__ import annotations

import os
import sys
import tempfile


def main() -> int:
    os.environ.setdefault("TRAINER_DATA_DIR", tempfile.mkdtemp(prefix="trainer-bench-data-"))
    from bench import history

    result = history.run()
    print(history.report(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
