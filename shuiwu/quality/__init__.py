"""The water-quality lab: parameters and limits, sampling points and plans, samples, results, compliance."""
