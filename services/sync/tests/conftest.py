import pytest

from classroom import Classroom, make_classroom


@pytest.fixture
def classroom(org) -> Classroom:
    """A group of three with the organization's frontline user assigned, and a lesson now."""
    return make_classroom(org)
