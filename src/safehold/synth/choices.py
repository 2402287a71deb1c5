"""Weighted choices the generator draws from (codes are DfE codes; weights are relative)."""

from __future__ import annotations

ETHNICITIES = (
    ("WBRI", 66), ("WIRI", 1), ("WOTH", 6), ("WIRT", 0.5), ("WROM", 1), ("MWBC", 3), ("MWBA", 1),
    ("MWAS", 1.5), ("MOTH", 3), ("AIND", 1.5), ("APKN", 3), ("ABAN", 1), ("AOTH", 1.5),
    ("BCRB", 1.5), ("BAFR", 4), ("BOTH", 1), ("CHNE", 0.3), ("OOTH", 2), ("REFU", 0.2),
    ("NOBT", 1),
)  # fmt: skip
REFERRAL_SOURCES = (
    ("6", 29), ("2A", 18), ("3A", 3), ("3B", 2), ("3D", 4), ("3E", 3), ("3F", 3), ("5A", 3),
    ("5B", 3), ("5C", 2), ("5D", 4), ("1A", 5), ("1B", 1), ("1C", 2), ("1D", 1), ("4", 2),
    ("7", 3), ("8", 4), ("9", 1), ("10", 1), ("2B", 1), ("3C", 1),
)  # fmt: skip
FACTORS = (
    ("3B", 15), ("4B", 14), ("3A", 12), ("4A", 8), ("16A", 7), ("17A", 6), ("2B", 6),
    ("1B", 5), ("14A", 4), ("15A", 3), ("10A", 3), ("6B", 3), ("5B", 2), ("6A", 2), ("5A", 2),
    ("11A", 1), ("24A", 1), ("18C", 2), ("19C", 1), ("18B", 1), ("19B", 0.5), ("13A", 0.5),
    ("7A", 1), ("20", 2), ("22A", 0.2), ("23A", 0.2), ("12A", 0.2), ("9A", 0.5),
)  # fmt: skip
ABUSE = (("NEG", 50), ("EMO", 36), ("PHY", 7), ("SAB", 4), ("MUL", 3))
NEEDS = (("N1", 57), ("N2", 9), ("N3", 4), ("N4", 9), ("N5", 15), ("N6", 3), ("N7", 0.5),
         ("N8", 2.5))  # fmt: skip
PLACE_CHANGE = (("CARPL", 35), ("CREQB", 12), ("CREQO", 10), ("CHILD", 6), ("LAREQ", 10),
                ("STAND", 4), ("ALLEG", 3), ("CLOSE", 3), ("APPRR", 2), ("OTHER", 15))  # fmt: skip
DISABILITIES = ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA")
SW_REASONS = ("MANAGE", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "FCONTA",
              "OTHERS")  # fmt: skip
NATIONALITIES = ("Afghan", "Eritrean", "Sudanese", "Iranian", "Iraqi", "Syrian", "Vietnamese",
                 "Albanian", "Ethiopian")  # fmt: skip
TEAMS = ("Front Door", "Assessment", "Children in Need", "Child Protection", "Children in Care",
         "Leaving Care", "Disabled Children", "Adoption")  # fmt: skip
MEDICAL_CONDITIONS = ("asthma", "epilepsy", "type 1 diabetes", "eczema", "ADHD", "anxiety")
