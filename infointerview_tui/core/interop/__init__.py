"""Reading and writing other formats: JSON (the app's own), and more in later modules."""
