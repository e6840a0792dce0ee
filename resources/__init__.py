"""Files the app ships: samples, UI catalogs, icons. Installed as the `wortlaut_resources`
package; `app.paths.resources_dir()` finds it from source, installed or frozen."""
