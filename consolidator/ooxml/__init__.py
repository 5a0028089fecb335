"""Office Open XML shared by readers and writers: names, the bounded package, its parts.

- `names`: namespaces and Clark names (`w("p")`), Strict OOXML mapped to transitional.
- `safe`: the only way a zip package or XML is opened (size, ratio and entity limits).
- `parts`: a Word package's relationships, main part (found through the relationships) and
  core properties.
- `clean`: a Word package cut down to the parts a writer may copy (the redline's base, a
  template): no external links but web hyperlinks, no unknown parts, no DTDs.
"""
