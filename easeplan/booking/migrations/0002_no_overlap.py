"""No two active appointments of one therapist overlap, enforced by PostgreSQL.

An exclusion constraint over the therapist and the time range from the start of the visit
to the end of its buffer, for every appointment that is not cancelled. On SQLite the booking
service takes the write lock (BEGIN IMMEDIATE) before it checks for overlaps instead.
"""

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial")]

    operations = [
        PostgreSQLOnly(
            "CREATE EXTENSION IF NOT EXISTS btree_gist;",
            reverse_sql=migrations.RunSQL.noop,
        ),
        PostgreSQLOnly(
            """
            ALTER TABLE booking_appointment ADD CONSTRAINT appointment_no_overlap
            EXCLUDE USING gist (
                therapist_id WITH =,
                tstzrange(starts_at, blocked_until, '[)') WITH &&
            ) WHERE (status <> 'cancelled');
            """,
            reverse_sql="ALTER TABLE booking_appointment DROP CONSTRAINT appointment_no_overlap;",
        ),
    ]
