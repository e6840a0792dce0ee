"""The app's glossary loading, without a window: bad database addresses are one clear error."""

from __future__ import annotations

import pytest

from app.ui.glossary_service import load_glossary, public_url
from glossary.storage import StoreError


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("notaurl", "not a database URL"),
        ("postgresql+psycopg://anna:s3cret@db.example:port/terms", "not a database URL"),
        ("mysql://anna@db.example/terms", "unsupported database 'mysql'"),
    ],
)
def test_a_bad_glossary_address_from_the_settings_is_one_store_error(url, problem):
    with pytest.raises(StoreError, match=problem) as refused:
        load_glossary(url)
    assert "s3cret" not in str(refused.value)


def test_the_public_url_hides_the_password_even_when_the_url_cannot_be_parsed():
    assert public_url("postgresql+psycopg://anna:s3cret@db.example/terms") == (
        "postgresql+psycopg://anna:***@db.example/terms"
    )
    assert "s3cret" not in public_url("postgresql+psycopg://anna:s3cret@db.example:port/terms")
