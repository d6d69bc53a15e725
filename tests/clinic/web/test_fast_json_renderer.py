"""The fast JSON renderer writes DRF's bytes, and hands DRF what it would write otherwise."""

from decimal import Decimal

import pytest
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer

from clinic.web.renderers import FastJSONRenderer

PLAIN_ANSWERS = [
    {
        "slots": [
            {
                "therapist": 3,
                "start": "2027-03-01T08:00:00-05:00",
                "end": "2027-03-01T09:00:00-05:00",
            }
        ]
    },
    {"slots": []},
    {"start": [ErrorDetail("Choose a date within a year of today.", code="invalid")]},
    {"name": "Zoë Ångström — 東京", "count": -12, "active": True, "note": None, "tags": []},
    [1, "two", {"three": [4]}],
]


@pytest.mark.parametrize("data", PLAIN_ANSWERS)
@pytest.mark.parametrize("accepted", [None, "application/json", "application/json; indent=0"])
def test_plain_answers_are_drfs_bytes(data, accepted):
    assert FastJSONRenderer().render(data, accepted) == JSONRenderer().render(data, accepted)


@pytest.mark.parametrize(
    ("data", "accepted"),
    [
        ({"price": Decimal("110.00")}, None),  # orjson cannot write a Decimal
        ({"note": "one\u2028two\u2029three"}, None),  # DRF escapes line separators
        ({"slots": [{"therapist": 3}]}, "application/json; indent=4"),
        (None, None),
    ],
)
def test_what_orjson_would_write_otherwise_is_drfs(data, accepted):
    assert FastJSONRenderer().render(data, accepted) == JSONRenderer().render(data, accepted)
