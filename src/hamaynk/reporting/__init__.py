"""Statistics, open data and management reports (read-only views of the domain)."""
