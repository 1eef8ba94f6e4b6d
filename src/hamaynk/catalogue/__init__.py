"""The services catalogue: what a resident can apply for, on what legal basis, by when.

Each community keeps its own catalogue, started from the national template library and
adapted. A service is versioned: any change publishes a new, immutable version, and an
application keeps the version it was filed under.
"""
