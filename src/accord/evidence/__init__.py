"""Evidence: turn news articles into sourced, located items that can update a case."""
