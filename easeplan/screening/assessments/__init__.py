"""The therapist's assessment and referral letter."""
