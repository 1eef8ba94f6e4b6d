"""Users, residents (persons and organisations), departments, roles and the permission policy."""
