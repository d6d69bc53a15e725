"""Finding clients: the selector, and the API's list of clients."""

from datetime import UTC, datetime, timedelta

import pytest

from clients.selectors import client_search
from tests.clock import frozen_at
from tests.factories import (
    ClientFactory,
    ClientProfileFactory,
    DeskFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 15, tzinfo=UTC)
frozen = frozen_at(NOW)


def client(first: str, last: str, email: str, phone: str = "", *, days_ago: int = 0):
    person = ClientFactory(
        first_name=first, last_name=last, email=email, date_joined=NOW - timedelta(days=days_ago)
    )
    ClientProfileFactory(user=person, phone=phone)
    return person


@pytest.fixture
def people():
    return {
        "ada": client("Ada", "Lovelace", "ada@example.org", "+14165550142", days_ago=3),
        "alan": client("Alan", "Turing", "turing@example.org", "+442079460000", days_ago=2),
        "grace": client("Grace", "Hopper", "amazing@navy.example", "", days_ago=1),
    }


def found(text: str) -> list[str]:
    return [person.first_name for person in client_search(text)]


def test_search_without_text_gives_every_client_newest_first(people):
    DeskFactory()

    assert found("") == ["Grace", "Alan", "Ada"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ada", ["Ada"]),
        ("LOVE", ["Ada"]),
        ("ada lovelace", ["Ada"]),
        ("Ada  Lov", ["Ada"]),
        ("tur", ["Alan"]),
        ("turing@ex", ["Alan"]),
        ("a", ["Grace", "Alan", "Ada"]),  # Alan, Ada by name; Grace by her email
        ("ove", []),  # prefixes only
        ("lovelace ada", []),
    ],
)
def test_search_matches_a_prefix_of_a_name_the_full_name_or_the_email(people, text, names):
    assert found(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("416555", ["Ada"]),
        ("416 555 01", ["Ada"]),
        ("(416) 555-0142", ["Ada"]),
        ("+1 416", ["Ada"]),
        ("14165", ["Ada"]),
        ("+44 20", ["Alan"]),
        ("2079", []),  # another country's number needs its country code
        ("555", []),  # digits from the middle
        ("41", []),  # too few digits to mean a phone number
    ],
)
def test_search_matches_the_digits_of_a_phone_number(people, text, names):
    assert found(text) == names


def test_search_keeps_its_query_count_as_clients_grow(people, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = [person.client_profile.phone for person in client_search("")]
    for n in range(3):
        client("Extra", f"Client{n}", f"extra{n}@example.org", f"+1416555100{n}")
    with django_assert_num_queries(1):
        second = [person.client_profile.phone for person in client_search("")]

    assert (len(first), len(second)) == (3, 6)
