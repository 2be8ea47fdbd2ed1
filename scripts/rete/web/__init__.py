"""From the validated corpus to the public site: pages as Markdown, then MkDocs into site/.

Page generation is plain Python (this package); MkDocs only renders what it is given, so a
move to another Material-compatible engine is a configuration change.
"""
