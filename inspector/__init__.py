"""Inspector: case management for a provincial inspectorate of information and communications."""

__version__ = "0.1.0"
