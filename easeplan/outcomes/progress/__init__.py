"""Progress: a plan's outcome measures over time, for the therapist and the client."""
