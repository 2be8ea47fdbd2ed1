"""Tooling of the Rete dei Comuni amici della Famiglia: records in, site and school out."""

__version__ = "0.1.0"
