"""The process's edges: safe output files, streams, the terminal environment, safe text."""
