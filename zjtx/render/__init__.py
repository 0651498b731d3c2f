"""Renderers: turn reports into text. ``layout`` is the one width-aware renderer every terminal table
goes through (no rich: cheap to import); ``table`` and ``plantable`` build tables with it; ``csvout`` writes CSV rows. Nothing here computes an amount."""
