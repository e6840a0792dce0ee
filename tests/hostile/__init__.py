"""Hostile inputs: files built by scripts, and tests that feed them to the real CLI and app."""
