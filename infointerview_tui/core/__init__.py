"""The product's brain: data, rules and file formats. Never imports Textual."""
