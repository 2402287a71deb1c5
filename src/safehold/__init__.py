"""Safehold: a local authority's children's social care record, its DfE returns, and the rights
its privacy notice promises."""

__version__ = "0.1.0"
