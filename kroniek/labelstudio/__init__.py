"""The annotation workflow against a Label Studio server: the only network code in Kroniek.

- :mod:`.client` -- an SDK client from ``LABEL_STUDIO_URL`` / ``LABEL_STUDIO_API_KEY``,
  and every network failure turned into one clear line (:class:`~kroniek.errors.KroniekError`);
- :mod:`.server` -- ``kroniek labelstudio serve``: a local server under ``.labelstudio/``;
- :mod:`.workflow` -- ``push`` (seeds -> tasks, optionally with a baseline's
  pre-annotations); :mod:`.projects` -- the project, found by title, with Kroniek's config;
- :mod:`.pull` -- ``pull`` (project export, streamed -> validated ``annotations/exports/``);
  :mod:`.stream` -- the export requested in chunks, a few at once, read task by task;
- :mod:`.seen` -- what push and pull last saw, so that with nothing new they ask the
  server only for what changed; :mod:`.seedstate` -- the seeds push has, read again only
  when their files change;
- :mod:`.merge` -- how a pulled task merges into the repository's export, dropping nothing;
- :mod:`.annotators` -- stable annotator pseudonyms (``annotations/annotators.tsv``);
- :mod:`.restore` -- ``push --with-annotations``: the repository's gold back on a server;
- :mod:`.backend` -- ``kroniek labelstudio backend``: a system as a Label Studio ML backend;
- :mod:`.systems` -- the one place that imports the system registry.

Nothing outside this package imports the Label Studio SDK.
"""
