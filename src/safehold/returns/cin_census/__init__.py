"""The children in need census (CIN census): an XML return per collection year."""
