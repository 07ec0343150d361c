"""actegen's version, in a module of its own: the stages that hash or print it import it
without importing the package's public API."""

__version__ = "0.1.0"
