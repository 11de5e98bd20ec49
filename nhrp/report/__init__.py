"""Turn core results (data) into text for people and machines."""
