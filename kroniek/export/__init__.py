"""Exports of the gold to other tools\x27 formats."""
