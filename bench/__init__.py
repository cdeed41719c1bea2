"""Benchmark for est (issue 6): `python -m bench`. Not part of the pytest run (testpaths = tests)."""
