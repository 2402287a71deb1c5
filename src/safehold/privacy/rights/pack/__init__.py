"""Subject access packs: everything held about a person, the Article 15 information, the
disclosures and accesses, with other people's information proposed for redaction and reviewed."""

from safehold.privacy.rights.pack.build import PackResult, build_pack, review_snippets

__all__ = ["PackResult", "build_pack", "review_snippets"]
