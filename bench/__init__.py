"""The benchmark harness: seeds a portal of a given size, measures it, prints tables.

Not part of the test suite (``tests/bench/`` has a smoke test of it). See
``docs/performance.md`` for how to run it and the latest figures.
"""
