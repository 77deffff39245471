"""The public self-check: its steps and its verdict."""
