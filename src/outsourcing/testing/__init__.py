"""Helpers for testing code built on `outsourcing`: see `outsourcing.testing.strategies`.

Needs the ``test`` extra (``pip install 'outsourcing[test]'``), which brings hypothesis.
"""
