"""Word (.docx) writing: the writer and its parts, and the layouts position, brief and comments table."""
