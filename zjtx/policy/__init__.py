"""The policy documents: the model, reading and validating files, the cache, YAML, source texts."""
