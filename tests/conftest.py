"""Shared pytest configuration: hypothesis profiles and the `rejects` fixture."""

import os
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, settings

from outsourcing import OutsourcingError

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", deadline=None, max_examples=40)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


Build = Callable[[], object]
Rejects = Callable[[Build, str, object], OutsourcingError]


@pytest.fixture
def rejects() -> Rejects:
    """Check that building something raises an `OutsourcingError` naming a field and a value.

    The message must start with the qualified field name (``Money.amount: ...``) and show the
    offending value's ``repr``; the error is returned for further checks.
    """

    def check(build: Build, field: str, value: object) -> OutsourcingError:
        with pytest.raises(OutsourcingError) as caught:
            build()
        message = str(caught.value)
        assert message.startswith(f"{field}: "), message
        assert repr(value) in message, message
        return caught.value

    return check
