"""Demo communities, staff and residents for trying Hamaynk out. Everything here is invented
except the names of the regions, communities and settlements, which are public."""
