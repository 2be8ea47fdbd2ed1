"""The numpy budget simulator: populations (CSV or synthetic), fees in bulk, summaries."""
