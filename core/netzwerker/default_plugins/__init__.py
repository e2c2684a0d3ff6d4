"""Built-in plugins: ordinary hook implementations, registered like any plugin."""
