"""A kind's name is stored in Message.kind, whose width PostgreSQL enforces: a longer name
must be refused when it is declared, on every database, not when a row is first written."""

import pytest

from clinic.messaging.kinds import KIND_NAME_LENGTH, Kind, kinds, register
from clinic.messaging.models import Message


def test_the_registry_knows_the_width_of_the_kind_column():
    assert Message._meta.get_field("kind").max_length == KIND_NAME_LENGTH


def test_every_declared_kind_fits_the_column():
    assert [kind.name for kind in kinds() if len(kind.name) > KIND_NAME_LENGTH] == []


def test_a_kind_with_a_longer_name_is_refused_when_declared():
    with pytest.raises(ValueError, match="at most 16 characters"):
        register(Kind(name="x" * (KIND_NAME_LENGTH + 1), label="Too long"))
