"""Record files to checked models: reading, rules, references, the corpus, the validator."""
