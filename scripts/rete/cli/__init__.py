"""The `rete` command: parser and Italian wording, record commands, tariff commands."""
