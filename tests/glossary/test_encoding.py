"""Decoding files: a message that says what a non-text file is, and where text goes wrong."""

from __future__ import annotations

import pytest

from glossary.encoding import decode_bytes
from glossary.errors import InputError


def refusal(data: bytes, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, source="f", **kwargs)
    return str(caught.value)


def test_a_word_document_is_named_as_such():
    message = refusal(b"PK\x03\x04\x14\x00\x06\x00" + b"\x82" * 40)
    assert message.startswith("f: this is a ZIP archive (a Word .docx")
    assert "not valid UTF-8" not in message


def test_a_program_is_named_as_such_not_as_utf16():
    message = refusal(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    assert message.startswith("f: this is a program")
    assert "looks like UTF-16" not in message


def test_other_binary_data_is_called_binary():
    assert refusal(bytes([0x00, 0x93, 0xFE, 0x00, 0x81, 0x01]) * 50).startswith(
        "f: this is a binary file"
    )


def test_the_message_says_what_the_caller_reads():
    message = refusal(b"%PDF-1.7\n...", expected="CSV, TSV and TBX glossaries")
    assert (
        message
        == "f: this is a PDF document, not a text file; Wortlaut reads CSV, TSV and TBX glossaries here"
    )


def test_utf16_without_a_bom_is_recognised_even_though_it_is_valid_utf8():
    message = refusal("Hallo Welt, das ist Text.".encode("utf-16-le"))
    assert "looks like UTF-16 without a byte-order mark" in message


def test_text_that_starts_with_mz_is_still_text():
    assert decode_bytes(b"MZ-Verfahren ist ein Begriff.", source="f").text.startswith("MZ")


def test_a_bad_byte_in_text_names_its_line():
    message = refusal("Erste Zeile\nZweite \u00c4nderung\n".encode("utf-8")[:-3] + b"\xff\n")
    assert message.startswith("f:2: not valid UTF-8")
