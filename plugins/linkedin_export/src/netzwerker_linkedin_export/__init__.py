"""netzwerker importer for LinkedIn: the data export and the Member Data Portability API."""

__version__ = "0.1.0"
