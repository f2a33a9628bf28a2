"""The ``outsourcing`` command line."""
