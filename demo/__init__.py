"""Demo content as data: the files in this folder, the loader that reads them, the sync that
builds the demo site from them (pages from articles/, the fact registry from directory/). A
development-only app: see apps.py, and README.md here for the file formats."""
