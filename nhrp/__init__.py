"""nhrp: a national human-rights plan as a dataset in git."""

__version__ = "0.1.0"
