"""The append-only audit log: one hash chain of events per community."""
