"""Red-flag holds: no online booking after a red flag until a clinician clears it."""
