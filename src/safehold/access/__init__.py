"""Users, roles, purposes and the gate through which all personal data is read and written."""
