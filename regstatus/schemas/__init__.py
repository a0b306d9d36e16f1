"""marshmallow schemas: the API contract and the seed-file format."""
