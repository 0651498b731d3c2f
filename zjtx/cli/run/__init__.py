"""What the commands ``check``, ``compare`` and ``plan`` do, free of typer: each a function of an
Environment and the values of its options. Their typer commands (zjtx/cli/check.py, compare.py, plan.py)
declare the options and call them; so does the fast path (zjtx/cli/fast.py), which runs the common
command lines before typer is imported (issue 23). A usage error here is :class:`exits.Usage`, turned into
click's message by the typer command (the fast path hands such a command line to typer)."""
