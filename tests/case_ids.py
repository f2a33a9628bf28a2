"""Test ids that are the same in every process (parallel workers must collect the same ids)."""


def case_id(value: object) -> str:
    """The ``repr`` of a parameter, but ``build`` for a lambda (whose repr holds its address)."""
    if callable(value) and getattr(value, "__name__", "") == "<lambda>":
        return "build"
    return repr(value)
