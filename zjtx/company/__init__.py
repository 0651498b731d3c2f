"""The company file: the model, reading it, the fast TOML path, the JSON Schema, samples."""
