"""The progress report of a plan of care: the HTML page and the PDF."""
