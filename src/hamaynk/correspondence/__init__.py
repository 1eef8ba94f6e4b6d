"""Letters registry and document circulation: journals, resolutions, control of execution."""
