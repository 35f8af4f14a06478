"""infointerview: run information interviews from the terminal."""

__version__ = "0.1.0"
