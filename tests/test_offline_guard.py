"""The suite itself runs offline: a guard that could not fail would prove nothing."""

from __future__ import annotations

import socket
import urllib.request

import pytest


def test_outbound_connection_is_refused():
    with pytest.raises(OSError, match="network access blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_urlopen_is_refused():
    with pytest.raises(OSError):
        urllib.request.urlopen("http://192.0.2.1/index.json", timeout=1)


def test_loopback_is_refused_unless_marked():
    with pytest.raises(OSError, match="network access blocked"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
