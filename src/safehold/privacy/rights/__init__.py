"""Rights requests on the ICO's clock, subject access packs, and the tables every right uses."""
