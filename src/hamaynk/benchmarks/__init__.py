"""Synthetic data at national scale for load benchmarks and query-plan checks (``bench_data``)."""
