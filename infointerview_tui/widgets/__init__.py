"""Reusable pieces of the UI; none of them opens a database session."""
