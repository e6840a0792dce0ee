"""The Qt desktop application. Widgets show domain objects and run slow work in workers."""
