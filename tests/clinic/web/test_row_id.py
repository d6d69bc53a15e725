"""An id in a query parameter or a form: only a number that can name a row is one."""

import pytest

from clinic.web.requests import LARGEST_ID, row_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        (str(LARGEST_ID), LARGEST_ID),
        (str(LARGEST_ID + 1), None),
        ("9" * 26, None),
        ("", None),
        ("-1", None),
        ("1.0", None),
        (" 1", None),
        ("²", None),
        ("١٢", None),
    ],
)
def test_row_id(text, expected):
    assert row_id(text) == expected
