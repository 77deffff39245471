"""Check-ins: before a visit (the client, the staff tablet) and weekly from an email link."""
