"""Numbers and sizes as the user's language writes them."""

from __future__ import annotations

from app import i18n


def test_sizes_use_decimal_units_with_one_decimal():
    i18n.set_language("en")
    assert [i18n.format_size(n) for n in (999, 1500, 2_870_000, 123_456_789_012)] == [
        "999 B",
        "1.5 kB",
        "2.9 MB",
        "123.5 GB",
    ]


def test_sizes_follow_the_language():
    i18n.set_language("de")
    try:
        assert i18n.format_size(2_870_000) == "2,9 MB"
    finally:
        i18n.set_language("en")
