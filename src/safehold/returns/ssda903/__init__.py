"""The SSDA903 return (children looked after), collected under section 83 of the Children Act 1989."""
