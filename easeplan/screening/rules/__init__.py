"""Screening rules as pure code: the self-check, contraindications and clinical tests."""
