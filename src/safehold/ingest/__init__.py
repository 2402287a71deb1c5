"""Loading data into the store: synthetic authorities, SSD extracts, returns; all or nothing."""
