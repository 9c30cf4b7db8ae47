"""The station's web door: a JSON API (and later the console pages) over the same library as the CLI."""
