"""Exports and imports of positions (Word, CSV): framework-free, below app/ and above positions/ and workflows/.

* `formats`: the registry of export formats and their layouts (what the web form, API and CLI offer).
* `documents`: the ExportDocument of a version (or the draft) built from the database, rendered and audited.
* `docx/`: the Word writer and its layouts; `csv`: the comments table as CSV.
* `imports/`: reading uploaded Word files (a new position, a reviewed file) and the uploads awaiting confirmation.
"""
