"""Outcome measures: instruments, scoring and meaningful-change verdicts."""
