"""The employer's home: an establishment's postings at a glance."""
