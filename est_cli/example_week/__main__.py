"""`python -m est_cli.example_week [--out DIR]`: the same as examples/make_examples.py."""

import sys

from est_cli.example_week import main

sys.exit(main())
