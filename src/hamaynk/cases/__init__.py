"""Applications (cases): registration, routing, the workflow, deadlines and search."""
