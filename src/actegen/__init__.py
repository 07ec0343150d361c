"""actegen — French social-housing sale paperwork, from YAML case files to DOCX."""

__version__ = "0.1.0"

__all__ = ["__version__"]
