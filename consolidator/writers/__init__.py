"""Writers: the files the tool produces (Digital Policy .docx, redline .docx, HTML report)."""
