"""What booking tells the apps that react to it, without importing them.

`time_freed` is sent once a cancellation or a move has committed and a therapist's time
still to come is free again (keyword arguments `therapist` and `start`, an aware
datetime); the waitlist offers it to the clients waiting for it.
"""

from __future__ import annotations

from django.dispatch import Signal

time_freed = Signal()
