"""Renderers: turn reports into text. ``table`` imports rich (only the table path pays for it);
``csvout`` writes CSV rows. Nothing here computes an amount."""
