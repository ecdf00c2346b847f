"""Demo content as data: the files in this folder, the loader that reads them, the sync that
builds the demo site from them. See README.md here for the file formats."""
