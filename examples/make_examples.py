"""Rewrite examples/inkorg/ and examples/expected.json from est_cli.example_week (the one source).

    python examples/make_examples.py            # into examples/
    python examples/make_examples.py --out DIR  # into DIR/inkorg/ and DIR/expected.json
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from est_cli.example_week import *  # noqa: E402,F403 - re-exported for the tests
from est_cli.example_week import LABELS, generate, main  # noqa: E402,F401

if __name__ == "__main__":
    sys.exit(main())
