"""The DfE statutory returns: built from the store, read from files, written to files."""
