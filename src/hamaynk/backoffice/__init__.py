"""Staff pages. No models: reads go through selectors, writes through service functions."""
