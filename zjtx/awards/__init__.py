"""The calculation, pure: evaluate, the steps in words, plan, what-if, the report."""
