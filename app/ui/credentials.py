"""Team-server passwords in the OS keychain (keyring); never in the settings file.

Where no keychain is available (a Linux session without a secret service, say), nothing is
stored and the app asks for the password once per session.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)
SERVICE = "Wortlaut team glossary"


def _key(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def keychain_available() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 1) > 0
    except Exception:  # a broken keychain must not stop the app
        return False


def load_password(url: str) -> str | None:
    if not keychain_available():
        return None
    try:
        import keyring

        return keyring.get_password(SERVICE, _key(url))
    except Exception as exc:
        log.info("keychain read failed: %s", exc)
        return None


def save_password(url: str, password: str) -> bool:
    """Store the password; False when there is no keychain (then it lives for this session)."""
    if not keychain_available():
        return False
    try:
        import keyring

        keyring.set_password(SERVICE, _key(url), password)
        return True
    except Exception as exc:
        log.info("keychain write failed: %s", exc)
        return False


def url_has_password(url: str) -> bool:
    return make_url(url).password is not None
