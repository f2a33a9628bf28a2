"""Facts about the world: the business-function catalogue, geography and data-transfer adequacy."""
