"""The sharing log: each disclosure of personal data to a recipient the register names, and the
people it was about."""
