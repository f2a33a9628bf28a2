"""The clause catalogue: what a sound outsourcing contract must say, framework by framework."""
