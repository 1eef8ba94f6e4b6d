"""Result documents: generated PDFs, immutable once issued, verifiable by anyone by code."""
