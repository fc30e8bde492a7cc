"""The benchmark behind `make bench` (issue #6): see README.md, "Benchmark"."""
